package com.example.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.consensus.NotLeader;
import dev.chorus.consensus.Role;
import dev.chorus.testkit.check.BankChecker;
import dev.chorus.testkit.check.LinearizabilityChecker;
import dev.chorus.testkit.check.Verdict;
import dev.chorus.testkit.cluster.LocalCluster;
import dev.chorus.testkit.history.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three ledger members in one JVM ({@link LocalCluster}); clients transfer money and read every
 * balance while the leader is killed. Money is conserved in every read (Jepsen's bank check), and
 * the history of transfers and reads is linearizable against {@link LedgerModel}.
 */
class LedgerFailoverTest {
  private static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "dave");
  private static final long OPENING = 100;
  private static final int CLIENTS = 3;
  private static final int OPS_PER_CLIENT = 40;
  private static final Duration GUARD = Duration.ofSeconds(60);

  private final List<Op> history = new ArrayList<>();
  private final Map<Integer, Ledger> live = new ConcurrentHashMap<>();
  /** Counted down once a third of all the clients' operations have ended: then the leader is killed. */
  private final CountDownLatch thirdDone = new CountDownLatch(CLIENTS * OPS_PER_CLIENT / 3);
  private final AtomicInteger nextProcess = new AtomicInteger();
  private final long start = System.nanoTime();

  @Test
  void moneyIsConservedAndTheHistoryIsLinearizableWhileTheLeaderIsKilled(@TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, dir, ConfigFactory.empty())) {
      cluster.awaitAllUp(GUARD);
      Set<String> members = Set.of(cluster.nodeId(0), cluster.nodeId(1), cluster.nodeId(2));
      for (int i = 0; i < 3; i++) {
        live.put(i, Ledger.start(cluster.node(i), members));
      }
      for (String account : ACCOUNTS) {
        call(0, l -> l.open(account));
        call(0, l -> l.deposit(account, OPENING));
      }
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Thread t = new Thread(client(c), "ledger-client-" + c);
        clients.add(t);
        t.start();
      }
      int killed = awaitLeader();
      assertTrue(thirdDone.await(GUARD.toMillis(), TimeUnit.MILLISECONDS), "a third of the operations ended");
      long killedAt = now();
      live.remove(killed);
      cluster.kill(killed);
      for (Thread t : clients) {
        t.join(GUARD.toMillis());
        assertFalse(t.isAlive(), t.getName() + " finished within " + GUARD);
      }
      int leader = awaitLeader();
      assertNotEquals(killed, leader, "a new leader took over");
      LedgerResult.Balances end = call(leader, Ledger::balances);
      assertEquals(OPENING * ACCOUNTS.size(), end.total(), "money is conserved: " + end);
      List<Op> ops;
      synchronized (history) {
        ops = List.copyOf(history);
      }
      assertTrue(ops.stream().anyMatch(o -> o.type() == Op.Type.OK && o.f().equals("transfer") && o.time() > killedAt),
          "transfers went on after the leader was killed");
      Map<String, Long> opening = new TreeMap<>();
      ACCOUNTS.forEach(a -> opening.put(a, OPENING));
      Verdict bank = BankChecker.withTotal(OPENING * ACCOUNTS.size()).check(ops);
      assertTrue(bank.isValid(), bank.render());
      Verdict linear = new LinearizabilityChecker(new LedgerModel(opening)).check(ops);
      assertTrue(linear.isValid(), linear.render());
    }
  }

  /** One client: transfers (3 in 4) and reads of every balance, each on the member it believes leads. */
  private Runnable client(int c) {
    return () -> {
      Random random = new Random(c);
      long process = nextProcess.incrementAndGet();
      for (int i = 0; i < OPS_PER_CLIENT && elapsed().compareTo(GUARD) < 0; i++) {
        boolean ok;
        if (random.nextInt(4) < 3) {
          String from = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
          String to = ACCOUNTS.stream().filter(a -> !a.equals(from)).toList().get(random.nextInt(ACCOUNTS.size() - 1));
          long amount = 1 + random.nextInt(30);
          ok = record(process, "transfer", Map.of("from", from, "to", to, "amount", amount),
              l -> l.transfer(from, to, amount), r -> Map.of("from", from, "to", to, "amount", amount));
        } else {
          ok = record(process, "read", null, Ledger::balances, LedgerResult.Balances::balances);
        }
        if (!ok) {
          process = nextProcess.incrementAndGet(); // an unknown outcome: this process is done
        }
        thirdDone.countDown();
      }
    };
  }

  /**
   * Runs one operation and records it: ok; fail when it certainly did not happen (refused, or no
   * leader); info when its outcome is unknown. Returns false for info.
   */
  private <T> boolean record(long process, String f, Object value, Function<Ledger, CompletionStage<T>> op,
      Function<T, Object> okValue) {
    Op invoke = Op.client(process, Op.Type.INVOKE, f, null, value, now(), null);
    append(invoke);
    Op.Type type;
    Object result = null;
    try {
      T answer = call(FirstMember.next(), op);
      type = Op.Type.OK;
      result = okValue.apply(answer);
    } catch (IllegalArgumentException refused) {
      type = Op.Type.FAIL;
    } catch (IllegalStateException unknown) {
      type = Op.Type.INFO;
    }
    append(invoke.complete(type, result, now(), null));
    return type != Op.Type.INFO;
  }

  /**
   * Calls {@code op} on a live member, following {@code NotLeader} hints, until it answers.
   *
   * @throws IllegalArgumentException if the ledger refused it (certainly not applied)
   * @throws IllegalStateException if its outcome is unknown (a timeout, or no answer in time)
   */
  private <T> T call(int first, Function<Ledger, CompletionStage<T>> op) {
    int at = first;
    for (int attempt = 0; attempt < 1000 && elapsed().compareTo(GUARD) < 0; attempt++) {
      Ledger ledger = live.get(at);
      if (ledger == null) {
        at = live.keySet().stream().findAny().orElseThrow();
        continue;
      }
      try {
        return op.apply(ledger).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException refused) {
          throw refused;
        }
        if (cause instanceof NotLeader notLeader) {
          at = notLeader.leaderHint().map(this::indexOf).orElse((at + 1) % 3);
          pause();
        } else if (cause instanceof dev.chorus.consensus.Unavailable) {
          at = (at + 1) % 3;
          pause();
        } else {
          throw new IllegalStateException("unknown outcome: " + cause, cause);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("no answer in 30 s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("no member took it within " + GUARD);
  }

  private int indexOf(String nodeId) {
    return Integer.parseInt(nodeId.substring(1)) - 1; // LocalCluster names its nodes n1, n2, ...
  }

  private int awaitLeader() throws Exception {
    while (elapsed().compareTo(GUARD) < 0) {
      for (Map.Entry<Integer, Ledger> e : live.entrySet()) {
        if (e.getValue().group().metrics().toCompletableFuture().get(5, TimeUnit.SECONDS).role() == Role.LEADER) {
          return e.getKey();
        }
      }
      pause();
    }
    throw new AssertionError("no leader within " + GUARD);
  }

  private void append(Op op) {
    synchronized (history) {
      history.add(op);
    }
  }

  private long now() {
    return System.nanoTime() - start;
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Spreads each client's first attempts over the members. */
  private static final class FirstMember {
    private static final AtomicInteger NEXT = new AtomicInteger();

    static int next() {
      return Math.floorMod(NEXT.getAndIncrement(), 3);
    }
  }
}
