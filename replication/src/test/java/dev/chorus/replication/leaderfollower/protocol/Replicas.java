package dev.chorus.replication.leaderfollower.protocol;

import dev.chorus.replication.leaderfollower.ReplicationSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Replicas driven by hand: every write is durable at once (its completion reported right away),
 * messages wait in a queue until delivered, and a crash keeps each replica's completed writes.
 */
final class Replicas {
  private record InFlight(String from, String to, ReplicaMessage message) {}

  private final List<String> ids;
  private final ReplicationSettings settings;
  private final Map<String, ReplicaCore> cores = new HashMap<>();
  private final Map<String, List<ReplicaEffects.Write>> disks = new HashMap<>();
  private final ArrayDeque<InFlight> network = new ArrayDeque<>();
  final Map<Long, ReplicaEffects.Reply> replies = new HashMap<>();

  Replicas(ReplicationSettings settings, String... ids) {
    this.ids = List.of(ids);
    this.settings = settings;
    for (String id : ids) {
      disks.put(id, new ArrayList<>());
      cores.put(id, ReplicaCore.recover(id, this.ids, settings, List.of()));
    }
  }

  /** n1, n2 and n3, n1 leading epoch 1 by hand and both others following it, in sync. */
  static Replicas threeLedByN1(ReplicationSettings settings) {
    Replicas r = new Replicas(settings, "n1", "n2", "n3");
    r.apply("n1", r.core("n1").lead(1));
    r.apply("n2", r.core("n2").follow(1, "n1"));
    r.apply("n3", r.core("n3").follow(1, "n1"));
    r.deliverAll();
    r.tick(1);
    return r;
  }

  ReplicaCore core(String id) {
    return cores.get(id);
  }

  /** Carries out what {@code id} returned: writes become durable now, messages are queued. */
  void apply(String id, ReplicaEffects effects) {
    ArrayDeque<ReplicaEffects> todo = new ArrayDeque<>(List.of(effects));
    while (!todo.isEmpty()) {
      ReplicaEffects e = todo.poll();
      e.sends().forEach(s -> network.add(new InFlight(id, s.to(), s.message())));
      e.replies().forEach(r -> replies.put(r.requestId(), r));
      for (ReplicaEffects.Write w : e.writes()) {
        disks.get(id).add(w);
        todo.add(cores.get(id).persisted(w.token()));
      }
    }
  }

  /** Delivers queued messages (and those they cause) while {@code pass} lets them through; drops the rest. */
  void deliver(BiPredicate<String, String> pass) {
    for (int guard = 0; !network.isEmpty() && guard < 10_000; guard++) {
      InFlight m = network.poll();
      if (pass.test(m.from(), m.to()) && cores.containsKey(m.to())) {
        apply(m.to(), cores.get(m.to()).receive(m.from(), m.message()));
      }
    }
  }

  /** How many log records the queued Replicate messages from {@code from} to {@code to} carry. */
  int recordsQueued(String from, String to) {
    return network.stream().filter(m -> m.from().equals(from) && m.to().equals(to))
        .mapToInt(m -> m.message() instanceof ReplicaMessage.Replicate r ? r.records().size() : 0).sum();
  }

  void deliverAll() {
    deliver((a, b) -> true);
  }

  /** Kills {@code id}: its messages in flight are lost; it keeps only its durable writes. */
  void crash(String id) {
    cores.remove(id);
    network.removeIf(m -> m.from().equals(id) || m.to().equals(id));
  }

  /** Kills {@code id} and loses its disk: it restarts empty, as a replaced machine would. */
  void wipe(String id) {
    crash(id);
    disks.put(id, new ArrayList<>());
  }

  /** Deletes {@code id}'s writes before its newest image, as its host may once that image is durable. */
  void deleteBeforeImage(String id) {
    List<ReplicaEffects.Write> disk = disks.get(id);
    for (int i = disk.size() - 1; i >= 0; i--) {
      if (disk.get(i).image() != null) {
        disk.subList(0, i).clear();
        return;
      }
    }
    throw new IllegalStateException(id + " has written no image");
  }

  void restart(String id) {
    cores.put(id, ReplicaCore.recover(id, ids, settings, disks.get(id)));
  }

  void tick(int times) {
    for (int i = 0; i < times; i++) {
      for (String id : List.copyOf(cores.keySet())) {
        apply(id, cores.get(id).tick());
      }
      deliverAll();
    }
  }
}
