package dev.chorus.benchmarks.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The HTTP floor launches its server JVM, loads it, prints a result, and stops the server. */
class HttpFloorTest {
  @Test
  void measuresTheServerAndStopsIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream console = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new HttpFloor()).execute("--stack", "jdk", "--clients", "2", "--duration", "1",
          "--warmup", "0", "--server-jvm-options", "-Xmx64m");
    } finally {
      System.setOut(console);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, printed);
    assertTrue(printed.contains("RESULT target=http-floor-jdk op=get clients=2 "), printed);
    assertTrue(printed.contains("errors={}"), printed);
    assertTrue(printed.contains("# server CPU per request: "), printed);
    assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "no server left running");
  }

  @Test
  void refusesAClientCountOutOfRange() {
    assertEquals(2, new CommandLine(new HttpFloor()).setErr(new java.io.PrintWriter(new ByteArrayOutputStream()))
        .execute("--clients", "0"));
  }
}
