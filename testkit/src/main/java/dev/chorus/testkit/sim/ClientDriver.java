package dev.chorus.testkit.sim;

import dev.chorus.testkit.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the simulated clients described in {@link Clients} and records their history. Requests and
 * replies travel with the network's delays but are never dropped; the simulator asks
 * {@link #refused} when a request reaches a node that is down.
 */
final class ClientDriver {
  private static final class Client {
    long process;
    long opNumber;
    Op invoke;
    Command command;
    long attempt;
    boolean progressedSinceHeal;
  }

  private final Clients settings;
  private final Scheduler scheduler;
  private final Network network;
  private final Random random;
  private final Random[] workloadRandoms;
  private final List<String> ids;
  private final List<Op> history;
  private final Counters counters;
  private final Client[] clients;
  private final Map<Long, Integer> attempts = new HashMap<>();
  private long nextRequestId = 1;
  private long healedAt = Long.MAX_VALUE;
  private int progressed;

  ClientDriver(Clients settings, Scheduler scheduler, Network network, Random random,
      List<String> ids, List<Op> history, Counters counters) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.network = network;
    this.random = random;
    this.ids = ids;
    this.history = history;
    this.counters = counters;
    this.clients = new Client[settings.count()];
    this.workloadRandoms = new Random[settings.count()];
    for (int c = 0; c < clients.length; c++) {
      clients[c] = new Client();
      clients[c].process = c;
      workloadRandoms[c] = new Random(random.nextLong());
    }
  }

  void start(long now) {
    for (int c = 0; c < clients.length; c++) {
      scheduler.at(now + thinkNanos(), new Event.NextOp(c));
    }
  }

  void healed(long now) {
    healedAt = now;
  }

  /** Whether every client has had an operation invoked after the heal complete ok. */
  boolean allProgressed() {
    return progressed == clients.length;
  }

  String laggards() {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < clients.length; c++) {
      if (!clients[c].progressedSinceHeal) {
        sb.append(sb.length() == 0 ? "" : ", ").append(c);
      }
    }
    return sb.toString();
  }

  void nextOp(long now, int c) {
    Client client = clients[c];
    client.command = settings.workload().next(workloadRandoms[c], c);
    client.invoke = Op.client(client.process, Op.Type.INVOKE, client.command.f(),
        client.command.key(), client.command.value(), now, null);
    history.add(client.invoke);
    client.opNumber++;
    scheduler.at(now + settings.opTimeout().toNanos(), new Event.Timeout(c, client.opNumber));
    attempt(now, c, random.nextInt(ids.size()));
  }

  private void attempt(long now, int c, int node) {
    long id = nextRequestId++;
    attempts.put(id, c);
    clients[c].attempt = id;
    scheduler.at(now + network.delayNanos(), new Event.RequestArrives(c, id, node, clients[c].command));
  }

  /** A node sent {@code reply} to {@code requestId}. */
  void replySent(long now, int node, long requestId, Reply reply) {
    if (requestId <= 0 || requestId >= nextRequestId) {
      throw new IllegalStateException(ids.get(node) + " replied to request " + requestId
          + ", which no client sent");
    }
    if (attempts.containsKey(requestId)) {
      scheduler.at(now + network.delayNanos(), new Event.ReplyArrives(requestId, node, reply, false));
    }
  }

  /** {@code requestId} reached {@code node} while it was down: the client's connection is refused. */
  void refused(long now, long requestId, int node) {
    scheduler.at(now + network.delayNanos(),
        new Event.ReplyArrives(requestId, node, Reply.notLeader(), true));
  }

  void replyArrives(long now, Event.ReplyArrives e) {
    Integer c = attempts.remove(e.requestId());
    if (c == null || clients[c].attempt != e.requestId()) {
      return;
    }
    Client client = clients[c];
    client.attempt = 0;
    String node = ids.get(e.node());
    if (e.reply() instanceof Reply.Ok ok) {
      complete(now, c, Op.Type.OK, ok.value(), node);
    } else if (e.reply() instanceof Reply.Fail) {
      complete(now, c, Op.Type.FAIL, client.command.value(), node);
    } else if (e.reply() instanceof Reply.Unknown) {
      complete(now, c, Op.Type.INFO, client.command.value(), node);
    } else if (e.reply() instanceof Reply.NotLeader notLeader) {
      int next = notLeader.leaderHint().map(ids::indexOf).filter(i -> i >= 0)
          .orElseGet(() -> otherThan(e.node()));
      scheduler.at(now + thinkNanos(), new Event.Retry(c, client.opNumber, next));
    }
  }

  void retry(long now, Event.Retry e) {
    Client client = clients[e.client()];
    if (client.invoke != null && client.opNumber == e.opNumber()) {
      attempt(now, e.client(), e.node());
    }
  }

  void timeout(long now, Event.Timeout e) {
    Client client = clients[e.client()];
    if (client.invoke == null || client.opNumber != e.opNumber()) {
      return;
    }
    if (client.attempt != 0) {
      // A request may still be in flight and take effect later: unknown outcome.
      attempts.remove(client.attempt);
      client.attempt = 0;
      complete(now, e.client(), Op.Type.INFO, client.command.value(), null);
    } else {
      // Every attempt was refused or redirected: it certainly did not take effect.
      complete(now, e.client(), Op.Type.FAIL, client.command.value(), null);
    }
  }

  private void complete(long now, int c, Op.Type type, Object value, String node) {
    Client client = clients[c];
    history.add(client.invoke.complete(type, value, now, node));
    switch (type) {
      case OK -> counters.opsOk++;
      case FAIL -> counters.opsFailed++;
      default -> {
        counters.opsInfo++;
        client.process += clients.length;
      }
    }
    if (type == Op.Type.OK && client.invoke.time() >= healedAt && !client.progressedSinceHeal) {
      client.progressedSinceHeal = true;
      progressed++;
    }
    client.invoke = null;
    client.command = null;
    scheduler.at(now + thinkNanos(), new Event.NextOp(c));
  }

  private int otherThan(int node) {
    if (ids.size() == 1) {
      return node;
    }
    int other = random.nextInt(ids.size() - 1);
    return other >= node ? other + 1 : other;
  }

  private long thinkNanos() {
    return Uniform.between(random, 0, settings.maxThinkTime().toNanos());
  }
}
