package dev.chorus.benchmarks.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LagStatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void percentilesAreNearestRank() {
    long[] hundred = LongStream.rangeClosed(1, 100).toArray();
    assertEquals(50, LagStats.percentile(hundred, 50));
    assertEquals(99, LagStats.percentile(hundred, 99));
    assertEquals(100, LagStats.percentile(hundred, 100));
    assertEquals(7, LagStats.percentile(new long[] {7}, 99));
    assertEquals(-1, LagStats.percentile(new long[0], 50));
  }

  @Test
  void theLeaderReportsEachFollowerAndAFollowerItself() throws Exception {
    LagStats stats = new LagStats();
    stats.addStatus(JSON.readTree("""
        {"replica":"n1","role":"leader","lagOffsets":0,"lagMillis":-1,
         "followers":{"n2":{"ackedOffset":90,"lagOffsets":10,"lagMillis":20},
                      "n3":{"ackedOffset":100,"lagOffsets":0,"lagMillis":0}}}"""));
    stats.addStatus(JSON.readTree("""
        {"replica":"n2","role":"follower","lagOffsets":4,"lagMillis":10,"followers":{}}"""));
    stats.addStatus(JSON.readTree("""
        {"replica":"n3","role":"candidate","lagOffsets":99,"lagMillis":500,"followers":{}}"""));

    assertEquals(List.of(
        new LagStats.Summary("leader>n2", 1, 10, 10, 10, 20, 20, 20),
        new LagStats.Summary("leader>n3", 1, 0, 0, 0, 0, 0, 0),
        new LagStats.Summary("n2", 1, 4, 4, 4, 10, 10, 10)), stats.summaries());
  }

  @Test
  void aFollowerNeverHeardCountsForOffsetsOnly() {
    LagStats stats = new LagStats();
    stats.add("n2", 5, -1);
    stats.add("n2", 1, 30);
    stats.add("n2", 3, 10);

    assertEquals(List.of(new LagStats.Summary("n2", 3, 3, 5, 5, 10, 30, 30)), stats.summaries());
  }
}
