package dev.chorus.consensus;

import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.StateMachine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test state machine: an append-only list of string commands. It records every call it gets
 * (applies with their index, restores with the snapshot's last index), so that tests can check
 * that each index is applied exactly once, in order, after the restored snapshot. Queries:
 * {@code count}, {@code last}, {@code all}. Thread-safe for the test thread that inspects it.
 */
final class LogMachine implements StateMachine<String, String, String> {
  /** UTF-8 strings for commands, queries and results. */
  static final Codecs<String, String, String> CODECS = new Codecs<>(Utf8.INSTANCE, Utf8.INSTANCE, Utf8.INSTANCE);

  /** One call: an apply at {@code index}, or a restore ({@code command} null) up to {@code index}. */
  record Call(long index, String command) {
    boolean isRestore() {
      return command == null;
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private final List<String> state = new ArrayList<>();
  private long lastIndex;

  @Override
  public synchronized String apply(long index, String command) {
    calls.add(new Call(index, command));
    if (command.startsWith("refuse:")) {
      throw new IllegalArgumentException("refused " + command); // before any change, on every member
    }
    state.add(command);
    lastIndex = index;
    return Integer.toString(state.size());
  }

  @Override
  public synchronized String query(String query) {
    return switch (query) {
      case "count" -> Integer.toString(state.size());
      case "last" -> state.isEmpty() ? "" : state.get(state.size() - 1);
      case "all" -> String.join(",", state);
      default -> throw new IllegalArgumentException("no query " + query);
    };
  }

  @Override
  public synchronized byte[] snapshot() {
    return (lastIndex + "\n" + String.join("\n", state)).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void restore(byte[] snapshot) {
    List<String> lines = new String(snapshot, StandardCharsets.UTF_8).lines().toList();
    lastIndex = Long.parseLong(lines.get(0));
    state.clear();
    state.addAll(lines.subList(1, lines.size()));
    calls.add(new Call(lastIndex, null));
  }

  /** The commands as they stand, in order. */
  synchronized List<String> commands() {
    return List.copyOf(state);
  }

  /** Every call this instance got, in order. */
  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * Checks the state machine contract on this instance: after each restore, applies continue at
   * strictly increasing indexes above it; nothing is applied twice.
   */
  synchronized void assertAppliedExactlyOnceInOrder() {
    long last = 0;
    for (Call c : calls) {
      if (c.isRestore()) {
        last = c.index();
      } else if (c.index() <= last) {
        throw new AssertionError("index " + c.index() + " applied after " + last + ": " + calls);
      } else {
        last = c.index();
      }
    }
  }

  private enum Utf8 implements Codec<String> {
    INSTANCE;

    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
