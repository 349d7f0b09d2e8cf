package dev.chorus.consensus.paxos;

import dev.chorus.testkit.sim.Invariant;
import dev.chorus.testkit.sim.SimView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Single-decree Paxos's safety properties ("Paxos Made Simple" §2.1), checked after every
 * simulated step, per key, across nodes and incarnations, apart from the code under test. One per
 * run, since it remembers what it has seen.
 * <ul>
 *   <li>Agreement: every node that learns a value for a key learns the same one, and a value is
 *       durably chosen (accepted in one ballot by a majority, on disk) at most once.
 *   <li>Validity: a value learned or chosen was proposed by some client.
 *   <li>Durability, unless switched off: an acceptor never forgets what it acknowledged (its
 *       promised ballot never drops below one it sent a Promise or Accepted for, across crashes),
 *       and a node learns only values that are already durably chosen.
 * </ul>
 */
final class PaxosInvariants implements Invariant<SimPaxosNode> {
  private final boolean durability;
  private final Map<String, String> learned = new TreeMap<>();
  private final Map<String, Set<String>> proposed = new TreeMap<>();
  /** Per key and ballot: the value and the nodes that durably accepted it. */
  private final Map<String, Map<Ballot, Votes>> votes = new TreeMap<>();
  private final Map<String, String> durablyChosen = new TreeMap<>();
  private final Map<String, Integer> durableSeen = new HashMap<>();
  private final Map<String, Ballot> acknowledged = new TreeMap<>();

  private record Votes(String value, Set<String> nodes) {}

  private PaxosInvariants(boolean durability) {
    this.durability = durability;
  }

  /** Every property. */
  static PaxosInvariants all() {
    return new PaxosInvariants(true);
  }

  /** Agreement and validity only: what a user of the register would notice. */
  static PaxosInvariants agreementAndValidity() {
    return new PaxosInvariants(false);
  }

  @Override
  public void check(SimView<SimPaxosNode> view) {
    int majority = view.nodeIds().size() / 2 + 1;
    for (String id : view.nodeIds()) {
      view.node(id).ifPresent(node -> node.proposed().forEach(
          (key, values) -> proposed.computeIfAbsent(key, k -> new TreeSet<>()).addAll(values)));
      countDurableVotes(id, view.durable(id), majority);
    }
    for (String id : view.nodeIds()) {
      view.node(id).ifPresent(node -> checkNode(id, node));
    }
  }

  private void countDurableVotes(String id, List<Object> records, int majority) {
    int from = durableSeen.getOrDefault(id, 0);
    for (int i = from; i < records.size(); i++) {
      SimPaxosNode.KeyedEvent e = (SimPaxosNode.KeyedEvent) records.get(i);
      if (e.event() instanceof PaxosEvent.Voted v) {
        Proposal p = v.proposal();
        Votes tally = votes.computeIfAbsent(e.key(), k -> new TreeMap<>())
            .computeIfAbsent(p.ballot(), b -> new Votes(p.value(), new TreeSet<>()));
        if (!tally.value().equals(p.value())) {
          throw new AssertionError("ballot " + p.ballot() + " of " + e.key() + " was accepted with "
              + tally.value() + " and with " + p.value());
        }
        tally.nodes().add(id);
        if (tally.nodes().size() >= majority) {
          chosen(e.key(), p.value(), "durably accepted in " + p.ballot() + " by " + tally.nodes());
        }
      }
    }
    durableSeen.put(id, records.size());
  }

  private void chosen(String key, String value, String how) {
    String before = durablyChosen.putIfAbsent(key, value);
    if (before != null && !before.equals(value)) {
      throw new AssertionError("Agreement: " + key + " had " + before + " chosen, now " + value + " " + how);
    }
    validity(key, value, how);
  }

  private void checkNode(String id, SimPaxosNode node) {
    for (String key : node.keys()) {
      PaxosCore core = node.core(key);
      core.chosen().ifPresent(value -> {
        String before = learned.putIfAbsent(key, value);
        if (before != null && !before.equals(value)) {
          throw new AssertionError("Agreement: " + id + " learned " + value + " for " + key
              + " where " + before + " was learned");
        }
        validity(key, value, "learned by " + id);
        String onDisk = durablyChosen.get(key);
        if (durability && !value.equals(onDisk)) {
          throw new AssertionError(id + " learned " + value + " for " + key + " but the durably chosen value is "
              + onDisk);
        }
      });
    }
    node.acknowledged().forEach((key, ballot) -> acknowledged.merge(id + "/" + key, ballot,
        (a, b) -> a.isAfter(b) ? a : b));
    if (durability) {
      for (Map.Entry<String, Ballot> e : acknowledged.entrySet()) {
        if (!e.getKey().startsWith(id + "/")) {
          continue;
        }
        String key = e.getKey().substring(id.length() + 1);
        Ballot promised = node.acceptorState(key).promised();
        if (promised.isBefore(e.getValue())) {
          throw new AssertionError("Durability: " + id + " acknowledged ballot " + e.getValue() + " of " + key
              + " but now holds a promise of only " + promised);
        }
      }
    }
  }

  private void validity(String key, String value, String how) {
    if (!proposed.getOrDefault(key, Set.of()).contains(value)) {
      throw new AssertionError("Validity: " + value + " (" + how + ") was never proposed for " + key);
    }
  }
}
