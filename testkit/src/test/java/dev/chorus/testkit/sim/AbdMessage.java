package dev.chorus.testkit.sim;

/** The messages of {@link AbdRegister}, and the versioned values they carry. */
sealed interface AbdMessage {
  /**
   * A version: the writer's timestamp, then the writer's identity (node index and incarnation) to
   * break ties, so two writes never share a tag (the multi-writer ABD of Lynch and Shvartsman,
   * "Robust emulation of shared memory using dynamic quorum-acknowledged broadcasts", FTCS 1997).
   */
  record Tag(long ts, int writer, int incarnation) implements Comparable<Tag> {
    static final Tag INITIAL = new Tag(0, -1, 0);

    @Override
    public int compareTo(Tag o) {
      int c = Long.compare(ts, o.ts);
      if (c == 0) {
        c = Integer.compare(writer, o.writer);
      }
      return c != 0 ? c : Integer.compare(incarnation, o.incarnation);
    }

    boolean isAfter(Tag o) {
      return compareTo(o) > 0;
    }
  }

  /** A value with its version; a null value was never written. */
  record Versioned(Tag tag, Integer value) {
    static final Versioned INITIAL = new Versioned(Tag.INITIAL, null);
  }

  /** The durable record of a replica's newer version of {@code key}. */
  record Stored(String key, Versioned versioned) {}

  /** Phase 1: what is your version of {@code key}? */
  record Query(long opId, String key) implements AbdMessage {}

  /** The answer to a query. */
  record QueryAck(long opId, Versioned versioned) implements AbdMessage {}

  /** Phase 2: store this version of {@code key} unless you have a newer one. */
  record Store(long opId, String key, Versioned versioned) implements AbdMessage {}

  /** The replica holds {@code opId}'s version or a newer one. */
  record StoreAck(long opId) implements AbdMessage {}
}
