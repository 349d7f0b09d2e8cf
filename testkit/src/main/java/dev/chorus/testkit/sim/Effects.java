package dev.chorus.testkit.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a node wants done after one input. The simulator carries the effects out in this order:
 * the writes are queued on the node's disk (each becomes durable later, in order, and is then
 * reported by {@link SimNode#onPersisted}); the messages go onto the network; the replies go back
 * to the clients. Nothing becomes durable within the step that issued it, so a reply in the same
 * effects as the write it depends on is sent before that write is durable.
 *
 * @param sends messages to other nodes (or to this node itself)
 * @param writes storage writes
 * @param replies answers to client requests
 * @param <M> the protocol's message type
 */
public record Effects<M>(List<Send<M>> sends, List<DurableWrite> writes, List<ClientReply> replies) {
  private static final Effects<?> NONE = new Effects<>(List.of(), List.of(), List.of());

  /** A message to the node {@code to}. */
  public record Send<M>(String to, M message) {
    /** Requires both. */
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  /** The answer to the client request {@code requestId}. */
  public record ClientReply(long requestId, Reply reply) {
    /** Requires a reply. */
    public ClientReply {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** Copies the lists. */
  public Effects {
    sends = List.copyOf(sends);
    writes = List.copyOf(writes);
    replies = List.copyOf(replies);
  }

  /** No effects. */
  @SuppressWarnings("unchecked")
  public static <M> Effects<M> none() {
    return (Effects<M>) NONE;
  }

  /** A builder for effects. */
  public static <M> Builder<M> builder() {
    return new Builder<>();
  }

  /** Whether there is nothing to do. */
  public boolean isEmpty() {
    return sends.isEmpty() && writes.isEmpty() && replies.isEmpty();
  }

  /** Collects effects in order. Not thread-safe; use one per input. */
  public static final class Builder<M> {
    private final List<Send<M>> sends = new ArrayList<>();
    private final List<DurableWrite> writes = new ArrayList<>();
    private final List<ClientReply> replies = new ArrayList<>();

    private Builder() {}

    /** Sends {@code message} to {@code to}. */
    public Builder<M> send(String to, M message) {
      sends.add(new Send<>(to, message));
      return this;
    }

    /** Sends {@code message} to each of {@code to}. */
    public Builder<M> sendAll(List<String> to, M message) {
      to.forEach(id -> send(id, message));
      return this;
    }

    /** Queues a storage write. */
    public Builder<M> persist(DurableWrite write) {
      writes.add(write);
      return this;
    }

    /** Answers client request {@code requestId}. */
    public Builder<M> reply(long requestId, Reply reply) {
      replies.add(new ClientReply(requestId, reply));
      return this;
    }

    /** The effects collected so far. */
    public Effects<M> build() {
      return new Effects<>(sends, writes, replies);
    }
  }
}
