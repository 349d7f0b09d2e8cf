package dev.chorus.core.host;

import java.util.List;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * What a protocol keeps in its {@link LogActor}: the events it journals, the state they fold
 * into, and how a write too large for one journal write is cut into several.
 *
 * <p>Contract: {@link #apply} is a pure fold (it may mutate and return {@code state} only if
 * {@link #snapshotAdapter()} hands the snapshot store an immutable copy); {@link #journalWrites}
 * returns the writes that carry {@code events}, in order, each at most about {@code partBytes}
 * unless a single event cannot be cut; the last write of the list is the one that completes the
 * batch. Implementations are stateless and thread-safe.
 *
 * @param <E> the journaled events (serializable by the node's serializers)
 * @param <S> the folded state handed over on recovery
 */
public interface LogFormat<E, S> {
  /** The state of an empty journal. */
  S empty();

  /** {@code state} after {@code event}. */
  S apply(S state, E event);

  /**
   * Whether a Pekko snapshot should follow {@code event}: it made a durable image (a compaction
   * or an installed snapshot), so that recovery starts from it.
   */
  boolean snapshotAfter(E event);

  /** The bytes {@code event} carries, about: what batches are capped by. */
  long bytes(E event);

  /**
   * The journal writes that carry {@code events}: just {@code List.of(events)}, unless one of them
   * is larger than {@code partBytes}; then its parts, each a write, and last what completes it.
   */
  List<List<E>> journalWrites(List<E> events, int partBytes);

  /** How the state goes to and from the snapshot store; null when it goes as it is. */
  default SnapshotAdapter<S> snapshotAdapter() {
    return null;
  }
}
