package dev.chorus.consensus.internal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.chorus.consensus.Membership;
import dev.chorus.consensus.raft.Entry;
import dev.chorus.core.Bytes;
import java.util.Objects;

/**
 * A log entry ({@link Entry}) on the wire and in the journal. The core's entry holds any command;
 * a RaftNode's log holds three kinds: the user's command as its codec's bytes, a new leader's
 * no-op (§8), or a configuration (thesis §4.1).
 *
 * @param command the codec's bytes for a {@link Kind#COMMAND}, else empty
 * @param config the configuration for a {@link Kind#CONFIG}, else null
 */
record WireEntry(long index, long term, Kind kind,
    @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
    Bytes command,
    WireMembership config) {
  /** What an entry carries. */
  enum Kind { COMMAND, NOOP, CONFIG }

  /** Validates that the kind and its payload agree. */
  WireEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(command, "command");
    if ((kind == Kind.CONFIG) != (config != null)) {
      throw new IllegalArgumentException("a " + kind + " entry " + (config == null ? "needs" : "has no") + " config");
    }
  }

  static WireEntry of(Entry e) {
    if (e.isNoop()) {
      return new WireEntry(e.index(), e.term(), Kind.NOOP, Bytes.empty(), null);
    }
    if (e.command() instanceof Membership m) {
      return new WireEntry(e.index(), e.term(), Kind.CONFIG, Bytes.empty(), WireMembership.of(m));
    }
    if (e.command() instanceof Bytes b) {
      return new WireEntry(e.index(), e.term(), Kind.COMMAND, b, null);
    }
    throw new IllegalArgumentException("entry " + e.index() + " holds a " + e.command().getClass().getName()
        + ", not a command's bytes, a no-op or a configuration");
  }

  Entry toEntry() {
    return new Entry(index, term, switch (kind) {
      case COMMAND -> command;
      case NOOP -> Entry.NOOP;
      case CONFIG -> config.toMembership();
    });
  }
}
