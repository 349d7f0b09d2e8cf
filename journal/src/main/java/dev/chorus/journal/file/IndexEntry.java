package dev.chorus.journal.file;

/**
 * Where one events record lives: its persistence id, sequence range, segment and frame position.
 *
 * @param persistenceId the persistent actor's id
 * @param fromSequenceNr first sequence number in the record
 * @param toSequenceNr last sequence number in the record
 * @param segmentId the segment file's number
 * @param offset the frame's offset in the segment
 * @param frameLength header plus body bytes
 */
public record IndexEntry(String persistenceId, long fromSequenceNr, long toSequenceNr, long segmentId,
    long offset, int frameLength) {}
