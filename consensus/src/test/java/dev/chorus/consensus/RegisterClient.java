package dev.chorus.consensus;

import dev.chorus.core.ConsistencyLevel;
import dev.chorus.testkit.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One client of a register group: performs random reads, writes and compare-and-sets and records
 * each as an invoke and its completion, in Jepsen's vocabulary. It follows leader hints and moves
 * on from members that are down, retrying only what was certainly not applied; a {@link Timeout}
 * ends the operation as info (unknown), and the client carries on as a new process.
 */
final class RegisterClient {
  private static final Duration OP_DEADLINE = Duration.ofSeconds(4);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(50);
  private static final ReadPath[] READS =
      {ReadPath.READ_INDEX, ReadPath.LEASE, ReadPath.FOLLOWER};

  private final int nodes;
  private final IntFunction<RaftGroup<String, String, String>> memberAt;
  private final Random random;
  private final List<Op> history;
  private final long startNanos;
  private long process;
  private final int processStep;
  private int node;

  /**
   * @param memberAt the member on node i now, or null when that node is down
   * @param history where events go (synchronized)
   */
  RegisterClient(int id, int clients, int nodes, IntFunction<RaftGroup<String, String, String>> memberAt,
      List<Op> history, long startNanos) {
    this.process = id;
    this.processStep = clients;
    this.nodes = nodes;
    this.memberAt = memberAt;
    this.random = new Random(id);
    this.history = history;
    this.startNanos = startNanos;
    this.node = id % nodes;
  }

  /** One random operation, recorded. */
  void step() throws InterruptedException {
    String key = random.nextBoolean() ? "x" : "y";
    int kind = random.nextInt(10);
    if (kind < 4) {
      perform("read", key, null, "read " + key, READS[random.nextInt(READS.length)]);
    } else if (kind < 7) {
      long v = random.nextInt(5);
      perform("write", key, v, "write " + key + " " + v, null);
    } else {
      long expected = random.nextInt(5);
      long next = random.nextInt(5);
      perform("cas", key, List.of(expected, next), "cas " + key + " " + expected + " " + next, null);
    }
  }

  private void perform(String f, String key, Object value, String request, ReadPath read)
      throws InterruptedException {
    Op invoke = Op.client(process, Op.Type.INVOKE, f, key, value, now(), null);
    history.add(invoke);
    long deadline = System.nanoTime() + OP_DEADLINE.toNanos();
    if (read == ReadPath.FOLLOWER) {
      node = random.nextInt(nodes); // follower reads spread over every member
    }
    while (true) {
      RaftGroup<String, String, String> member = memberAt.apply(node);
      String at = "n" + (node + 1);
      try {
        if (member == null) {
          throw new Unavailable("register", "node down");
        }
        String result = (read != null ? member.query(request, ConsistencyLevel.STRONG, read) : member.submit(request))
            .toCompletableFuture().get(OP_DEADLINE.toMillis() * 2, TimeUnit.MILLISECONDS);
        complete(invoke, outcome(f, value, result), f.equals("read") ? parse(result) : value, at);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RaftGroupException failure) || !failure.certainlyNotApplied()) {
          complete(invoke, Op.Type.INFO, String.valueOf(e.getCause()), at);
          return;
        }
        node = failure instanceof NotLeader n ? hinted(n.leaderHint()) : (node + 1) % nodes;
      } catch (Unavailable down) {
        node = (node + 1) % nodes;
      } catch (java.util.concurrent.TimeoutException e) {
        complete(invoke, Op.Type.INFO, "no answer", at);
        return;
      }
      if (System.nanoTime() > deadline) {
        complete(invoke, Op.Type.FAIL, "no leader found", null); // every attempt certainly not applied
        return;
      }
      TimeUnit.NANOSECONDS.sleep(RETRY_PAUSE.toNanos()); // bounds the retry rate while no leader is known
    }
  }

  private static Op.Type outcome(String f, Object value, String result) {
    return f.equals("cas") && result.equals("fail") ? Op.Type.FAIL : Op.Type.OK;
  }

  private static Long parse(String result) {
    return result.equals("null") ? null : Long.parseLong(result);
  }

  private int hinted(Optional<String> hint) {
    return hint.map(h -> Integer.parseInt(h.substring(1)) - 1).orElse((node + 1) % nodes);
  }

  private void complete(Op invoke, Op.Type type, Object result, String at) {
    history.add(invoke.complete(type, result, now(), at));
    if (type == Op.Type.INFO) {
      process += processStep; // Jepsen's rule: the old process may still be in flight
    }
  }

  private long now() {
    return System.nanoTime() - startNanos;
  }
}
