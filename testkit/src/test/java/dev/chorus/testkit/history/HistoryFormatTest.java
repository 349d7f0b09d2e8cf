package dev.chorus.testkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history file parses back into exactly the events written; bad lines are reported. */
class HistoryFormatTest {
  @TempDir Path tmp;

  @Test
  void aHistoryParsesBackIntoExactlyTheEventsWritten() throws Exception {
    Random random = new Random(42);
    List<Op> written = new ArrayList<>();
    Path file = tmp.resolve("history.jsonl");
    try (HistoryWriter h = new HistoryWriter(file)) {
      for (int i = 0; i < 500; i++) {
        Op invoke = Op.client(random.nextInt(10), Op.Type.INVOKE, "cas", random.nextBoolean() ? "x" : null,
            List.of(random.nextInt(5), random.nextInt(5)), h.now(), null);
        Op done = invoke.complete(Op.Type.values()[1 + random.nextInt(3)],
            random.nextBoolean() ? null : Map.of("read", random.nextLong()), h.now(), "n" + random.nextInt(3));
        Op fault = Op.nemesis("partition", List.of(List.of("n1", "n2"), List.of("n3")), h.now());
        for (Op op : List.of(invoke, done, fault)) {
          h.append(op);
          written.add(op);
        }
      }
    }
    assertEquals(written, HistoryReader.read(file));
  }

  @Test
  void theFormatMatchesTheDocumentedExample() {
    Op op = Op.client(3, Op.Type.INVOKE, "cas", "x", List.of(1, 4), 1203311, null);
    assertEquals("{\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"x\",\"value\":[1,4],\"time\":1203311}",
        HistoryFormat.write(op));
    Op read = HistoryFormat.read("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"x\",\"value\":null,\"time\":1210001}");
    assertTrue(read.value().isNull());
    assertEquals("nemesis", HistoryFormat.read(
        "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"kill\",\"value\":[\"n2\"],\"time\":5}").process());
  }

  @Test
  void aMalformedLineIsReportedWithItsNumber() throws Exception {
    Path file = tmp.resolve("bad.jsonl");
    Files.writeString(file, """
        {"process":1,"type":"invoke","f":"read","value":null,"time":1}

        {"process":1,"type":"maybe","f":"read","value":null,"time":2}
        """);
    HistoryReader.MalformedHistoryException e =
        assertThrows(HistoryReader.MalformedHistoryException.class, () -> HistoryReader.read(file));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("type must be invoke, ok, fail or info"), e.getMessage());
    Files.writeString(file, "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n");
    assertTrue(assertThrows(HistoryReader.MalformedHistoryException.class, () -> HistoryReader.read(file))
        .getMessage().contains("\"time\" is missing"));
  }
}
