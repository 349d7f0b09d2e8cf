package dev.chorus.core;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Messages from other nodes that this node cannot decode ({@link UndecodableMessageException}),
 * each dropped by its caller, never a crash. The first of each type is logged at WARN with the
 * type and the reason; later ones of that type are only counted, so that a flood of them (a peer
 * on another version, a corrupt link) does not flood the log. At most {@value #MAX_TYPES} types
 * are logged. Thread-safe: Artery may decode on several lanes at once.
 */
public final class UndecodableMessages {
  /**
   * The most types remembered; beyond them messages are only counted. Types come off the wire, so
   * a peer sending garbage must not grow the set without bound.
   */
  static final int MAX_TYPES = 64;

  private final Logger log;
  private final String receiver;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final LongAdder dropped = new LongAdder();

  /**
   * @param log where the first of each type is logged
   * @param receiver who drops them, for the log line (e.g. "replica orders/n1")
   */
  public UndecodableMessages(Logger log, String receiver) {
    this.log = Objects.requireNonNull(log, "log");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  /**
   * Counts one dropped message, and logs it when it is the first of its type.
   *
   * @return whether this call logged
   */
  public boolean report(UndecodableMessageException e) {
    dropped.increment();
    if (reported.size() >= MAX_TYPES || !reported.add(e.type())) {
      return false;
    }
    log.warn("{} dropped an {}; further ones of type '{}' will be dropped unlogged",
        receiver, e.getMessage(), e.type());
    return true;
  }

  /** How many messages were reported, of every type. */
  public long dropped() {
    return dropped.sum();
  }

  /** How many types were logged. */
  public int typesLogged() {
    return reported.size();
  }
}
