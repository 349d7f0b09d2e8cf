package dev.chorus.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus check}: a verdict per file and the documented exit status. */
class CheckCommandTest {
  private static final String GOOD = """
      {"process":0,"type":"invoke","f":"write","key":"x","value":1,"time":10}
      {"process":"nemesis","type":"info","f":"partition","value":[["n1"],["n2","n3"]],"time":11}
      {"process":0,"type":"ok","f":"write","key":"x","value":1,"time":20,"node":"n1"}
      {"process":1,"type":"invoke","f":"cas","key":"x","value":[1,2],"time":30}
      {"process":1,"type":"ok","f":"cas","key":"x","value":[1,2],"time":40,"node":"n2"}
      {"process":2,"type":"invoke","f":"read","key":"x","value":null,"time":50}
      {"process":2,"type":"ok","f":"read","key":"x","value":2,"time":60,"node":"n3"}
      """;
  private static final String STALE = GOOD.replace("\"value\":2,\"time\":60", "\"value\":1,\"time\":60");

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void validFilesExitZero() throws IOException {
    CommandRun r = CommandRun.of("check", "--model", "cas-register", file("a.jsonl", GOOD).toString(),
        file("b.jsonl", GOOD).toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("a.jsonl: valid in ") && r.out().contains("b.jsonl: valid in "), r.out());
  }

  @Test
  void anInvalidFileExitsOneWithItsExplanation() throws IOException {
    CommandRun r = CommandRun.of("check", "--model", "cas-register", file("good.jsonl", GOOD).toString(),
        file("stale.jsonl", STALE).toString());
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("stale.jsonl: invalid in "), r.out());
    assertTrue(r.out().contains("key \"x\": not linearizable") && r.out().contains("(line 7)"), r.out());
  }

  @Test
  void sequentialConsistencyAcceptsTheStaleRead() throws IOException {
    String stale = """
        {"process":0,"type":"invoke","f":"write","value":1,"time":10}
        {"process":0,"type":"ok","f":"write","value":1,"time":20}
        {"process":1,"type":"invoke","f":"read","value":null,"time":30}
        {"process":1,"type":"ok","f":"read","value":null,"time":40}
        """;
    Path f = file("s.jsonl", stale);
    assertEquals(1, CommandRun.of("check", "--model", "register", f.toString()).status());
    assertEquals(0, CommandRun.of("check", "--model", "register", "--consistency", "sequential", f.toString()).status());
  }

  @Test
  void aMalformedLineIsReportedWithItsNumber() throws IOException {
    Path f = file("bad.jsonl", GOOD.replace("\"type\":\"ok\",\"f\":\"cas\"", "\"type\":\"okay\",\"f\":\"cas\""));
    CommandRun r = CommandRun.of("check", "--model", "cas-register", f.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.out().contains("bad.jsonl:5: type must be invoke, ok, fail or info"), r.out());
  }

  @Test
  void unpairedEventsAndMissingFilesAreBadInput() throws IOException {
    Path f = file("unpaired.jsonl", "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":1,\"time\":5}\n");
    CommandRun r = CommandRun.of("check", "--model", "register", f.toString(), dir.resolve("nope.jsonl").toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.out().contains("event 1: process 0 completes read (ok) with no open invocation"), r.out());
    assertTrue(r.out().contains("nope.jsonl: bad input: no such file"), r.out());
  }

  @Test
  void anOperationTheModelLacksIsUnknown() throws IOException {
    CommandRun r = CommandRun.of("check", "--model", "register", file("g.jsonl", GOOD).toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.out().contains("unknown") && r.out().contains("no operation \"cas\""), r.out());
  }

  @Test
  void anUnknownModelIsExplained() throws IOException {
    CommandRun r = CommandRun.of("check", "--model", "btree", file("g.jsonl", GOOD).toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("no model \"btree\"; the models are [register, cas-register, kv, set, counter, queue]"), r.err());
  }
}
