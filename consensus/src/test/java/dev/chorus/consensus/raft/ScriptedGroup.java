package dev.chorus.consensus.raft;

import dev.chorus.consensus.RaftSettings;
import dev.chorus.consensus.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Raft cores wired together by hand for scripted tests: writes complete at once, messages are
 * delivered in order by {@link #pump()}, and an isolated node neither sends nor receives. Every
 * step is deterministic, so a test reads as the thesis's sentence it checks.
 */
final class ScriptedGroup {
  private static final int MAX_STEPS = 100_000;

  private final Map<String, RaftCore> cores = new LinkedHashMap<>();
  private final Map<String, List<Entry>> applied = new LinkedHashMap<>();
  private final Map<String, Snapshot> restored = new LinkedHashMap<>();
  private final Deque<Object[]> inFlight = new ArrayDeque<>(); // {from, Ready.Outbound}
  private final Set<String> isolated = new HashSet<>();
  private final RaftSettings settings;

  ScriptedGroup(RaftSettings settings) {
    this.settings = settings;
  }

  /** Adds a node that boots with {@code voters} (empty: it waits to be added). */
  RaftCore add(String id, Set<String> voters) {
    RaftCore core = RaftCore.recover(id, voters, settings, new Random(id.hashCode()), List.of());
    cores.put(id, core);
    applied.put(id, new ArrayList<>());
    return core;
  }

  RaftCore core(String id) {
    return cores.get(id);
  }

  List<Entry> applied(String id) {
    return applied.get(id);
  }

  Snapshot restored(String id) {
    return restored.get(id);
  }

  void isolate(String id) {
    isolated.add(id);
  }

  void heal(String id) {
    isolated.remove(id);
  }

  /** Carries out what {@code node} was asked to do: its writes complete now, its messages queue. */
  void handle(String node, Ready r) {
    Deque<Ready> todo = new ArrayDeque<>(List.of(r));
    while (!todo.isEmpty()) {
      Ready next = todo.poll();
      next.restore().ifPresent(s -> {
        restored.put(node, s);
        applied.get(node).clear();
      });
      applied.get(node).addAll(next.committed());
      for (Ready.Outbound out : next.messages()) {
        inFlight.add(new Object[] {node, out});
      }
      for (Ready.Write w : next.writes()) {
        todo.add(cores.get(node).persisted(w.token()));
      }
    }
  }

  /** Delivers every message in flight, and every one those cause, in order. */
  void pump() {
    for (int step = 0; !inFlight.isEmpty(); step++) {
      if (step > MAX_STEPS) {
        throw new AssertionError("messages still flowing after " + MAX_STEPS + " deliveries");
      }
      Object[] m = inFlight.poll();
      String from = (String) m[0];
      Ready.Outbound out = (Ready.Outbound) m[1];
      if (isolated.contains(from) || isolated.contains(out.to()) || !cores.containsKey(out.to())) {
        continue;
      }
      handle(out.to(), cores.get(out.to()).receive(from, out.message()));
    }
  }

  /** Ticks every node that is not isolated, and delivers, until {@code done} (at most {@code maxTicks}). */
  void tickUntil(BooleanSupplier done, int maxTicks, String what) {
    for (int t = 0; t < maxTicks; t++) {
      if (done.getAsBoolean()) {
        return;
      }
      for (Map.Entry<String, RaftCore> e : cores.entrySet()) {
        handle(e.getKey(), e.getValue().tick());
      }
      pump();
    }
    if (!done.getAsBoolean()) {
      throw new AssertionError(what + " did not happen within " + maxTicks + " ticks: " + cores.values());
    }
  }

  /**
   * As {@link #tickUntil}, with clocks at different rates: each round, node {@code n} ticks
   * {@code ticksPerRound.get(n)} times (1 when absent), so a node given 2 runs twice as fast.
   */
  void tickAtRatesUntil(Map<String, Integer> ticksPerRound, BooleanSupplier done, int maxRounds, String what) {
    for (int t = 0; t < maxRounds; t++) {
      if (done.getAsBoolean()) {
        return;
      }
      for (Map.Entry<String, RaftCore> e : cores.entrySet()) {
        for (int k = ticksPerRound.getOrDefault(e.getKey(), 1); k > 0; k--) {
          handle(e.getKey(), e.getValue().tick());
        }
      }
      pump();
    }
    if (!done.getAsBoolean()) {
      throw new AssertionError(what + " did not happen within " + maxRounds + " rounds: " + cores.values());
    }
  }

  /** The one leader among the nodes not isolated, after ticking until there is one. */
  String awaitLeader() {
    tickUntil(() -> leaders().size() == 1, 20 * settings.electionTicks(), "an election");
    return leaders().get(0);
  }

  private List<String> leaders() {
    return cores.entrySet().stream()
        .filter(e -> !isolated.contains(e.getKey()) && e.getValue().role() == Role.LEADER)
        .map(Map.Entry::getKey).toList();
  }

  /** Proposes {@code command} at {@code leader} and delivers; the proposal's index. */
  long propose(String leader, Object command) {
    if (!(cores.get(leader).propose(command) instanceof Proposal.Appended p)) {
      throw new AssertionError(leader + " refused the proposal: " + cores.get(leader));
    }
    handle(leader, p.ready());
    pump();
    return p.index();
  }
}
