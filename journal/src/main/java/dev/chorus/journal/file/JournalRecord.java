package dev.chorus.journal.file;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of journal records (framed by {@link Frame}). Pure; thread-safe.
 *
 * <p>One {@link Events} record holds one AtomicWrite, so that recovery keeps all of its events or
 * none of them (Pekko's atomic-write contract). A {@link Deletion} record lives in the deletion
 * log and survives the segments whose events it deleted.
 */
public sealed interface JournalRecord {
  /** Kind byte of an {@link Events} body. */
  byte EVENTS = 1;
  /** Kind byte of a {@link Deletion} body. */
  byte DELETION = 2;

  /** Encodes this record's body. */
  byte[] encode();

  /**
   * Consecutive events of one persistence id, from {@code fromSequenceNr}.
   *
   * @param persistenceId the persistent actor's id
   * @param fromSequenceNr the sequence number of the first event, at least 1
   * @param payloads the serialized events, in sequence order
   * @param batch the group commit this record was written in, for telling a torn tail from corruption
   */
  record Events(String persistenceId, long fromSequenceNr, List<byte[]> payloads, BatchMark batch)
      implements JournalRecord {
    /** Validates ids and numbers; the payload list is not copied (records are built once). */
    public Events {
      requirePersistenceId(persistenceId);
      if (fromSequenceNr < 1) {
        throw new IllegalArgumentException("sequence numbers start at 1, got " + fromSequenceNr);
      }
      if (payloads.isEmpty()) {
        throw new IllegalArgumentException("an events record holds at least one event");
      }
    }

    /** The sequence number of the last event. */
    public long toSequenceNr() {
      return fromSequenceNr + payloads.size() - 1;
    }

    @Override
    public byte[] encode() {
      byte[] pid = persistenceId.getBytes(StandardCharsets.UTF_8);
      int size = 1 + BatchMark.BYTES + 2 + pid.length + 8 + 4;
      for (byte[] p : payloads) {
        size += 4 + p.length;
      }
      ByteBuffer out = ByteBuffer.allocate(size).put(EVENTS);
      batch.writeTo(out);
      out.putShort((short) pid.length).put(pid).putLong(fromSequenceNr).putInt(payloads.size());
      for (byte[] p : payloads) {
        out.putInt(p.length).put(p);
      }
      return out.array();
    }
  }

  /**
   * Events of {@code persistenceId} up to {@code toSequenceNr} are deleted.
   *
   * @param persistenceId the persistent actor's id
   * @param toSequenceNr delete up to and including this sequence number
   * @param highestSequenceNr the highest sequence number written when the deletion was made, kept
   *     so that it survives the removal of the segments that held the events
   */
  record Deletion(String persistenceId, long toSequenceNr, long highestSequenceNr) implements JournalRecord {
    /** Validates the id. */
    public Deletion {
      requirePersistenceId(persistenceId);
    }

    @Override
    public byte[] encode() {
      byte[] pid = persistenceId.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + 2 + pid.length + 16).put(DELETION).putShort((short) pid.length)
          .put(pid).putLong(toSequenceNr).putLong(highestSequenceNr).array();
    }
  }

  /**
   * The identifying part of an events record, read without copying its payloads.
   *
   * @param persistenceId the persistent actor's id
   * @param fromSequenceNr first sequence number
   * @param count number of events
   */
  record EventsHeader(String persistenceId, long fromSequenceNr, int count) {
    /** The sequence number of the last event. */
    public long toSequenceNr() {
      return fromSequenceNr + count - 1;
    }
  }

  /** Throws unless {@code id} is a non-empty persistence id whose UTF-8 form fits in 65535 bytes. */
  static void requirePersistenceId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("persistence id must not be empty");
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
      throw new IllegalArgumentException("persistence id longer than 65535 bytes in UTF-8");
    }
  }

  /**
   * Decodes a body that passed its CRC check.
   *
   * @throws IllegalArgumentException if the body is not a well-formed record
   */
  static JournalRecord decode(ByteBuffer body) {
    try {
      ByteBuffer b = body.duplicate();
      byte kind = b.get();
      BatchMark batch = kind == EVENTS ? BatchMark.readFrom(b) : null;
      String pid = readPersistenceId(b);
      if (kind == EVENTS) {
        long from = b.getLong();
        int count = b.getInt();
        List<byte[]> payloads = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
          byte[] p = new byte[b.getInt()];
          b.get(p);
          payloads.add(p);
        }
        return requireFullyRead(b, new Events(pid, from, payloads, batch));
      }
      if (kind == DELETION) {
        return requireFullyRead(b, new Deletion(pid, b.getLong(), b.getLong()));
      }
      throw new IllegalArgumentException("unknown record kind " + kind);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("record body is shorter than its fields say", e);
    }
  }

  /** The batch mark of an events body, or null for other records (each its own batch). */
  static BatchMark batchOf(ByteBuffer body) {
    ByteBuffer b = body.duplicate();
    return b.get() == EVENTS ? BatchMark.readFrom(b) : null;
  }

  /** Reads the header of an events body; returns null if the body is not an events record. */
  static EventsHeader decodeEventsHeader(ByteBuffer body) {
    ByteBuffer b = body.duplicate();
    if (b.get() != EVENTS) {
      return null;
    }
    BatchMark.readFrom(b);
    String pid = readPersistenceId(b);
    return new EventsHeader(pid, b.getLong(), b.getInt());
  }

  private static String readPersistenceId(ByteBuffer b) {
    byte[] pid = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(pid);
    return new String(pid, StandardCharsets.UTF_8);
  }

  private static JournalRecord requireFullyRead(ByteBuffer b, JournalRecord r) {
    if (b.hasRemaining()) {
      throw new IllegalArgumentException(b.remaining() + " unexpected bytes after the record");
    }
    return r;
  }
}
