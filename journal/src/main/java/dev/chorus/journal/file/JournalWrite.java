package dev.chorus.journal.file;

import java.util.List;

/**
 * One atomic write: consecutive serialized events of one persistence id. All of them are durable,
 * or none.
 *
 * @param persistenceId the persistent actor's id
 * @param fromSequenceNr the first event's sequence number
 * @param payloads the serialized events
 */
public record JournalWrite(String persistenceId, long fromSequenceNr, List<byte[]> payloads) {
  /** Validates ids and sequence numbers. */
  public JournalWrite {
    JournalRecord.requirePersistenceId(persistenceId);
    if (fromSequenceNr < 1) {
      throw new IllegalArgumentException("sequence numbers start at 1, got " + fromSequenceNr);
    }
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("an atomic write holds at least one event");
    }
    payloads = List.copyOf(payloads);
  }

  JournalRecord.Events toRecord(BatchMark batch) {
    return new JournalRecord.Events(persistenceId, fromSequenceNr, payloads, batch);
  }
}
