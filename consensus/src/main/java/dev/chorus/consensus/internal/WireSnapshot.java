package dev.chorus.consensus.internal;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.chorus.consensus.raft.Snapshot;
import dev.chorus.core.Bytes;

/** A state-machine snapshot ({@link Snapshot}, §7) in the journal. */
record WireSnapshot(long index, long term, WireMembership config,
    @JsonSerialize(using = BytesJson.Serializer.class) @JsonDeserialize(using = BytesJson.Deserializer.class)
    Bytes data) {
  static WireSnapshot of(Snapshot s) {
    return new WireSnapshot(s.index(), s.term(), WireMembership.of(s.config()), s.data());
  }

  Snapshot toSnapshot() {
    return new Snapshot(index, term, config.toMembership(), data);
  }
}
