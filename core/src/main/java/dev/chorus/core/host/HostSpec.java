package dev.chorus.core.host;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * What a protocol tells the hosting stack about its host actor ({@link HostLifecycle#create}):
 * its message type, its storage, how its peers find it, its tick, and the messages the stack
 * hands it.
 *
 * @param type the host actor's message type
 * @param recoveredType the message that carries the recovered state
 * @param id the persistence id of the instance's storage on this node
 * @param format what the log journals and folds
 * @param eventsPerSnapshot a Pekko snapshot every this many events (what lets Pekko delete old ones)
 * @param dispatcherKey the configuration key naming the log actor's dispatcher; null for the default
 * @param peerInstance the Receptionist key prefix of the instance's members, as {@code chorus-raft/<group>}
 * @param tickInterval how often the core ticks
 * @param tick the tick message
 * @param stop the message that stops the host
 * @param recovered the recovered message for a recovered state; runs on the log actor, so it must
 *     copy what is mutable
 * @param persisted the message that the log acknowledged a token
 * @param listed the message that carries a Receptionist listing
 * @param <C> the host's messages
 * @param <E> the journaled events
 * @param <S> the folded state
 * @param <R> the recovered message
 */
public record HostSpec<C, E, S, R extends C>(Class<C> type, Class<R> recoveredType, PersistenceId id,
    LogFormat<E, S> format, int eventsPerSnapshot, String dispatcherKey, String peerInstance, Duration tickInterval,
    C tick, C stop, Function<S, R> recovered, LongFunction<C> persisted, Function<Receptionist.Listing, C> listed) {
  /** Requires all but the dispatcher key. */
  public HostSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(recoveredType, "recoveredType");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(peerInstance, "peerInstance");
    Objects.requireNonNull(tickInterval, "tickInterval");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(stop, "stop");
    Objects.requireNonNull(recovered, "recovered");
    Objects.requireNonNull(persisted, "persisted");
    Objects.requireNonNull(listed, "listed");
  }
}
