package dev.chorus.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The network does to messages what the {@link Faults} say, as counted by {@link Pinger}s at the
 * receiving end.
 */
class SimulationNetworkTest {
  private static final Duration MS = Duration.ofMillis(1);

  /** Runs three pingers for 2 s under {@code faults} and returns the result and what they saw. */
  private static Observed run(Faults faults, long seed) {
    Map<String, Pinger> last = new HashMap<>();
    Watch watch = new Watch();
    Result result = Simulation.builder((Incarnation i) -> {
      Pinger p = new Pinger(i);
      last.put(i.nodeId(), p);
      return p;
    }).nodes(3).faults(faults).safetyPhase(Duration.ofSeconds(2))
        .invariantPerRun(() -> watch)
        .build().run(seed).assertPassed();
    long received = 0;
    long duplicates = 0;
    long reordered = 0;
    for (Pinger p : last.values()) {
      received += p.received.size();
      duplicates += p.duplicates;
      reordered += p.reordered;
    }
    return new Observed(result.stats(), received, duplicates, reordered, watch.delaysNanos);
  }

  private record Observed(Stats stats, long received, long duplicates, long reordered, List<Long> delaysNanos) {
    double share(long part) {
      return (double) part / stats.messagesSent();
    }

    /** Messages sent and not still on their way at the end. */
    long due() {
      return stats.messagesSent() + stats.messagesDuplicated() - stats.messagesInFlight();
    }
  }

  /**
   * After every step: stamps each new ping with its send time, measures the delay of each
   * delivery, and checks that no delivery crossed a partition.
   */
  private static final class Watch implements Invariant<Pinger> {
    final Map<String, Long> sentAt = new HashMap<>();
    final Map<String, Integer> seen = new HashMap<>();
    final List<Long> delaysNanos = new ArrayList<>();

    @Override
    public void check(SimView<Pinger> view) {
      for (String id : view.nodeIds()) {
        if (view.node(id).isEmpty()) {
          continue; // not started yet
        }
        Pinger p = view.node(id).get();
        sentAt.putIfAbsent(id + "#" + p.sent, view.nowNanos());
        int before = seen.getOrDefault(id, 0);
        for (Pinger.Received r : p.received.subList(before, p.received.size())) {
          assertTrue(view.connected(r.from(), id), r.from() + "->" + id + " crossed a partition");
          delaysNanos.add(view.nowNanos() - sentAt.get(r.from() + "#" + r.seq()));
        }
        seen.put(id, p.received.size());
      }
    }
  }

  @Test
  void withoutFaultsEveryMessageArrivesOnceInOrderAfterOneMillisecond() {
    Observed o = run(Faults.none(), 1);
    assertEquals(o.due(), o.received());
    assertEquals(0, o.duplicates() + o.reordered() + o.stats().messagesDropped());
    assertTrue(o.delaysNanos().stream().allMatch(d -> d == MS.toNanos()));
  }

  @Test
  void dropsLoseTheirShareOfMessages() {
    Observed o = run(Faults.none().withDrops(0.2), 2);
    assertEquals(o.due() - o.stats().messagesDropped(), o.received());
    assertEquals(o.stats().messagesDelivered(), o.received());
    assertEquals(0, o.duplicates());
    assertTrue(o.share(o.stats().messagesDropped()) > 0.15 && o.share(o.stats().messagesDropped()) < 0.25,
        "dropped share " + o.share(o.stats().messagesDropped()));
  }

  @Test
  void duplicatesArriveTwice() {
    Observed o = run(Faults.none().withDuplicates(0.25), 3);
    assertEquals(o.stats().messagesDuplicated(), o.duplicates());
    assertEquals(o.due(), o.received());
    assertTrue(o.share(o.duplicates()) > 0.2 && o.share(o.duplicates()) < 0.3,
        "duplicated share " + o.share(o.duplicates()));
  }

  @Test
  void delaysStayInTheirRangeAndReorderMessages() {
    Observed o = run(Faults.none().withDelay(Duration.ofMillis(5), Duration.ofMillis(35)), 4);
    assertEquals(o.due(), o.received());
    assertTrue(o.delaysNanos().stream().allMatch(d -> d >= 5 * MS.toNanos() && d <= 35 * MS.toNanos()));
    // Pings leave every 10 ms and take 5 to 35 ms, so some overtake their predecessor.
    assertTrue(o.reordered() > 0, "reordered " + o.reordered());
  }

  @Test
  void partitionsCutLinksBetweenSidesOnly() {
    Observed o = run(Faults.none().withPartitions(0.05, Duration.ofMillis(50), Duration.ofMillis(200)), 5);
    assertTrue(o.stats().partitions() > 2, o.stats().toString());
    assertTrue(o.stats().messagesCut() > 0, o.stats().toString());
    assertEquals(o.due() - o.stats().messagesCut(), o.received());
  }
}
