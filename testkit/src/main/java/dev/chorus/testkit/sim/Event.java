package dev.chorus.testkit.sim;

import java.util.List;

/**
 * One step of a run. {@link #describe} is the step's canonical text: what the trace hash covers
 * and what a failure report shows.
 */
sealed interface Event {
  String describe(List<String> ids);

  /** A message from node {@code from} is due at node {@code to}. */
  record Deliver(int from, int to, Object message) implements Event {
    public String describe(List<String> ids) {
      return "deliver " + ids.get(from) + "->" + ids.get(to) + " " + message;
    }
  }

  /** Node {@code node}'s incarnation {@code incarnation} ticks. */
  record Tick(int node, int incarnation) implements Event {
    public String describe(List<String> ids) {
      return "tick " + ids.get(node);
    }
  }

  /** A write of node {@code node}'s incarnation {@code incarnation} completes. */
  record Persisted(int node, int incarnation, DurableWrite write) implements Event {
    public String describe(List<String> ids) {
      return "persisted " + ids.get(node) + "#" + incarnation + " token=" + write.token();
    }
  }

  /** The nemesis decides whether to crash a node or start a partition. */
  record Nemesis() implements Event {
    public String describe(List<String> ids) {
      return "nemesis";
    }
  }

  /** A scripted crash of node {@code node}, down for {@code downNanos}. */
  record Crash(int node, long downNanos) implements Event {
    public String describe(List<String> ids) {
      return "crash " + ids.get(node) + " for " + downNanos + "ns";
    }
  }

  /** Node {@code node} starts from its durable records, if it is down. */
  record Start(int node) implements Event {
    public String describe(List<String> ids) {
      return "start " + ids.get(node);
    }
  }

  /** The partition numbered {@code partition} heals, if it is still on. */
  record HealPartition(long partition) implements Event {
    public String describe(List<String> ids) {
      return "heal partition " + partition;
    }
  }

  /** The safety phase ends: faults off, partition healed, every node restarted. */
  record EndSafetyPhase() implements Event {
    public String describe(List<String> ids) {
      return "end of safety phase";
    }
  }

  /** Client {@code client} starts its next operation. */
  record NextOp(int client) implements Event {
    public String describe(List<String> ids) {
      return "client " + client + " next op";
    }
  }

  /** A client's request {@code requestId} arrives at {@code node}. */
  record RequestArrives(int client, long requestId, int node, Command command) implements Event {
    public String describe(List<String> ids) {
      return "request " + requestId + " client " + client + "->" + ids.get(node) + " " + command;
    }
  }

  /** {@code node}'s reply to request {@code requestId} arrives; {@code refused} if it was down. */
  record ReplyArrives(long requestId, int node, Reply reply, boolean refused) implements Event {
    public String describe(List<String> ids) {
      return "reply " + requestId + " " + ids.get(node) + (refused ? " refused" : " " + reply);
    }
  }

  /** Client {@code client} tries operation {@code opNumber} again, at {@code node}. */
  record Retry(int client, long opNumber, int node) implements Event {
    public String describe(List<String> ids) {
      return "client " + client + " retries op " + opNumber + " at " + ids.get(node);
    }
  }

  /** Client {@code client}'s operation {@code opNumber} times out, if it is still open. */
  record Timeout(int client, long opNumber) implements Event {
    public String describe(List<String> ids) {
      return "client " + client + " timeout op " + opNumber;
    }
  }
}
