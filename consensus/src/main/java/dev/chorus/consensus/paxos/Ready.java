package dev.chorus.consensus.paxos;

import java.util.List;
import java.util.Objects;

/**
 * What the core asks its host to do after one input, in this order: start the durable writes
 * (each reported back by {@link PaxosCore#persisted} in the order issued), send the messages, then
 * deliver the answers to the clients. The core already holds back every message that must follow a
 * write until that write is durable ("durable before acknowledged"), so the host never has to.
 *
 * @param writes durable writes to start, in order
 * @param messages messages to send now, never to this node itself
 * @param answers answers to client requests, each request answered exactly once
 */
public record Ready(List<Write> writes, List<Outbound> messages, List<Answer> answers) {
  /** Copies. */
  public Ready {
    writes = List.copyOf(writes);
    messages = List.copyOf(messages);
    answers = List.copyOf(answers);
  }

  /** A durable write; {@code token}s increase by one per write, from 1 in each core. */
  public record Write(long token, PaxosEvent event) {}

  /** A message for the node {@code to}. */
  public record Outbound(String to, PaxosMessage message) {}

  /** The final answer to one client request. */
  public sealed interface Answer {
    /** The request this answers. */
    long requestId();
  }

  /**
   * {@code value} is chosen, forever. The answer to a proposal (whose own value may have lost to
   * another) and to a read.
   */
  public record Decided(long requestId, String value) implements Answer {
    /** Requires a value. */
    public Decided {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The answer to a read: nothing was chosen when the read was invoked. */
  public record Undecided(long requestId) implements Answer {}

  /**
   * The core gave up on the request (for example, no majority answered within its timeout). A
   * proposal's outcome is then unknown: its value may still be chosen.
   */
  public record Unavailable(long requestId, String reason) implements Answer {
    /** Requires a reason. */
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Whether there is nothing to do. */
  public boolean isEmpty() {
    return writes.isEmpty() && messages.isEmpty() && answers.isEmpty();
  }
}
