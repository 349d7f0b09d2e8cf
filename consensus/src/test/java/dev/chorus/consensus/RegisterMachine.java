package dev.chorus.consensus;

import dev.chorus.core.spi.StateMachine;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A test state machine of registers by key, in text: commands {@code write k v} and
 * {@code cas k expected new} (result {@code ok} or {@code fail}), query {@code read k} (result
 * the value, or {@code null}).
 */
final class RegisterMachine implements StateMachine<String, String, String> {
  private final Map<String, Long> registers = new TreeMap<>();

  @Override
  public synchronized String apply(long index, String command) {
    String[] w = command.split(" ");
    switch (w[0]) {
      case "write" -> {
        registers.put(w[1], Long.parseLong(w[2]));
        return "ok";
      }
      case "cas" -> {
        Long current = registers.get(w[1]);
        if (current == null || current != Long.parseLong(w[2])) {
          return "fail";
        }
        registers.put(w[1], Long.parseLong(w[3]));
        return "ok";
      }
      default -> throw new IllegalArgumentException("no command " + command);
    }
  }

  @Override
  public synchronized String query(String query) {
    String[] w = query.split(" ");
    if (!w[0].equals("read")) {
      throw new IllegalArgumentException("no query " + query);
    }
    return String.valueOf(registers.get(w[1]));
  }

  @Override
  public synchronized byte[] snapshot() {
    return registers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void restore(byte[] snapshot) {
    registers.clear();
    new String(snapshot, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).forEach(l -> {
      int eq = l.indexOf('=');
      registers.put(l.substring(0, eq), Long.parseLong(l.substring(eq + 1)));
    });
  }
}
