package dev.chorus.samples.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replication scenarios' own checks, on known-good and known-bad histories. */
class ReplChecksTest {
  private final List<Op> h = new ArrayList<>();
  private long t;

  private void op(long process, String f, String key, Object in, Op.Type type, Object out) {
    Op invoke = Op.client(process, Op.Type.INVOKE, f, key, in, t++, null);
    h.add(invoke);
    h.add(invoke.complete(type, out, t++, "n1"));
  }

  @Test
  void countsAcknowledgedAddsMissingFromTheFinalReadAndComparesThemWithTheStoresCount() {
    op(0, "add", "adds", 1L, Op.Type.OK, 1L);
    op(0, "add", "adds", 2L, Op.Type.OK, 2L);
    op(1, "add", "adds", 3L, Op.Type.INFO, "504 unknown");
    op(2, "add", "adds", 4L, Op.Type.FAIL, "421 not the leader");
    op(3, "add", "adds", 5L, Op.Type.INFO, "504 unknown");
    op(HintedClients.FINAL_READ_PROCESS, "read", "adds", null, Op.Type.OK, List.of(1L, 5L));
    ReplFailover.SetCount count = ReplFailover.SetCount.of(h);
    assertEquals(new ReplFailover.SetCount(2, 1, 1), count, "element 2 is lost; 3 is an info add missing");
    assertTrue(ReplFailover.accounting(count, 1).isValid());
    assertTrue(ReplFailover.accounting(count, 2).isValid(), "the info add 3 may have been acknowledged, then lost");
    Verdict over = ReplFailover.accounting(count, 3);
    assertFalse(over.isValid());
    assertTrue(over.explanation().contains("checker: 1 of 2 acked adds lost; store: 3 lostAcknowledged"), over.render());
    assertFalse(ReplFailover.accounting(count, 0).isValid(), "the store must count the ok add 2 it lost");
  }

  @Test
  void theCountMustComeBackUnchangedAfterEveryNodeRestarts() {
    assertTrue(ReplFailover.countKept(59, 59).isValid());
    Verdict forgot = ReplFailover.countKept(59, 0);
    assertFalse(forgot.isValid(), "CI's case: the count held in memory only");
    assertTrue(forgot.explanation().contains("59 before every node was killed and restarted, 0 after"), forgot.render());
    assertFalse(ReplFailover.countKept(59, 60).isValid(), "a restart must not count a loss twice either");
  }

  private static Map<String, Object> versioned(long value, long version) {
    return Map.of("value", value, "version", version);
  }

  @Test
  void eventualReadsPassOnlyIfBothReadYourWritesAndMonotonicReadViolationsAreFound() {
    op(0, "write", "e0", 7L, Op.Type.OK, versioned(7, 10));
    op(0, "read", "e0", null, Op.Type.OK, versioned(7, 10));
    op(0, "read", "e0", null, Op.Type.OK, versioned(6, 9)); // back in time, and older than its own write
    Verdict both = ReplicationLagScenario.expectViolations(h);
    assertTrue(both.isValid(), both.render());
    assertTrue(both.explanation().startsWith("reproduced: 1 read-your-writes and 1 monotonic-read"), both.render());

    h.clear();
    op(0, "write", "e0", 7L, Op.Type.OK, versioned(7, 10));
    op(0, "read", "e0", null, Op.Type.OK, versioned(6, 9)); // read-your-writes only
    Verdict one = ReplicationLagScenario.expectViolations(h);
    assertFalse(one.isValid(), "a lagging follower must show monotonic-read violations too");
    assertTrue(one.explanation().startsWith("not reproduced: 1 read-your-writes and 0 monotonic-read"), one.render());
  }
}
