package dev.chorus.core.host;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

/**
 * The protocol instances of one kind running on each node: at most one member of a given instance
 * per node id and actor system, each started as a system actor with a name of its own incarnation
 * (so that a member started again while the old one's name is still being released does not
 * clash), and forgotten once stopped. Thread-safe.
 */
public final class Instances {
  /**
   * A started member: which instance and node it is, the actor system it runs in, its actor, and
   * the future its stop completes. What a client handle (a {@code RaftGroup}, a {@code
   * ReplicatedStore}) holds of it.
   */
  public record Started<T>(String instance, String nodeId, ActorSystem<?> system, ActorRef<T> ref,
      CompletableFuture<Done> stopped) {}

  private record Key(ActorSystem<?> system, String instance, String nodeId) {}

  private static final AtomicLong INCARNATIONS = new AtomicLong();

  private final String kind;
  private final String noun;
  private final String member;
  private final Map<Key, CompletableFuture<Done>> running = new ConcurrentHashMap<>();

  /**
   * @param kind the actor names' prefix, as {@code raft}
   * @param noun what an instance is called, as {@code group}
   * @param member how an error names a member, as {@code "a member of raft group"}
   */
  public Instances(String kind, String noun, String member) {
    this.kind = kind;
    this.noun = noun;
    this.member = member;
  }

  /**
   * Starts {@code nodeId}'s member of {@code instance} as {@code behavior} makes it, given the
   * callback the member must run once it and its log have stopped.
   *
   * @throws IllegalArgumentException if a name is blank or holds a '/'
   * @throws IllegalStateException if this node already runs a member of {@code instance}
   */
  public <T> Started<T> start(ActorSystem<?> system, String instance, String nodeId,
      Function<Runnable, Behavior<T>> behavior) {
    requireName(instance, noun);
    requireName(nodeId, "nodeId");
    Key key = new Key(system, instance, nodeId);
    CompletableFuture<Done> stopped = new CompletableFuture<>();
    // Forgotten before the stop completes, so that whoever waits for it may start the member again.
    Runnable onStopped = () -> {
      running.remove(key, stopped);
      stopped.complete(Done.getInstance());
    };
    Behavior<T> made = behavior.apply(onStopped);
    if (running.putIfAbsent(key, stopped) != null) {
      throw new IllegalStateException(nodeId + " already runs " + member + " " + instance);
    }
    try {
      return new Started<>(instance, nodeId, system,
          system.systemActorOf(made, uniqueName(kind, instance, nodeId), Props.empty()), stopped);
    } catch (RuntimeException e) {
      running.remove(key, stopped);
      throw e;
    }
  }

  /** An actor name from {@code prefix} and {@code parts}, unique in this JVM. */
  public static String uniqueName(String prefix, String... parts) {
    StringBuilder name = new StringBuilder(prefix);
    for (String part : parts) {
      name.append('-').append(URLEncoder.encode(part, StandardCharsets.UTF_8));
    }
    return name.append('-').append(INCARNATIONS.incrementAndGet()).toString();
  }

  /**
   * Checks a group, store or node name.
   *
   * @throws IllegalArgumentException if {@code value} is blank or holds a '/'
   */
  public static void requireName(String value, String what) {
    if (value == null || value.isBlank() || value.contains("/")) {
      throw new IllegalArgumentException("a " + what + " is a non-blank name without '/', got '" + value + "'");
    }
  }
}
