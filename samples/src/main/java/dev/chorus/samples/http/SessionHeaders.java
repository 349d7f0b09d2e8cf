package dev.chorus.samples.http;

import dev.chorus.consensus.session.ClientSequence;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The headers of an exactly-once write to the Raft key-value store (thesis §6.3):
 * {@value #CLIENT_ID} (from {@code POST /kv-sessions}) and {@value #SEQUENCE} (1, 2, 3... one per
 * write; a retry repeats it), both or neither, and optionally {@value #ACKNOWLEDGED_BELOW}, the
 * lowest sequence number whose answer the client has not yet seen (the sequence itself when
 * absent: a client with one write in flight). A duplicate's answer carries {@value #DUPLICATE}.
 */
final class SessionHeaders {
  static final String CLIENT_ID = "Chorus-Client-Id";
  static final String SEQUENCE = "Chorus-Sequence";
  static final String ACKNOWLEDGED_BELOW = "Chorus-Acknowledged-Below";
  static final String DUPLICATE = "Chorus-Duplicate";

  /** What a request's headers say: no session, a session's sequence, or why they are wrong. */
  record Parsed(Optional<ClientSequence> sequence, String error) {}

  private SessionHeaders() {}

  static Parsed parse(HttpRequest request) {
    Optional<String> client = value(request, CLIENT_ID);
    Optional<String> sequence = value(request, SEQUENCE);
    Optional<String> acked = value(request, ACKNOWLEDGED_BELOW);
    if (client.isEmpty() && sequence.isEmpty()) {
      return acked.isEmpty() ? new Parsed(Optional.empty(), null)
          : new Parsed(Optional.empty(), ACKNOWLEDGED_BELOW + " needs " + CLIENT_ID + " and " + SEQUENCE);
    }
    if (client.isEmpty() || sequence.isEmpty()) {
      return new Parsed(Optional.empty(), "a session write sends both " + CLIENT_ID + " and " + SEQUENCE);
    }
    try {
      long seq = Long.parseLong(sequence.get().trim());
      long below = acked.isPresent() ? Long.parseLong(acked.get().trim()) : seq;
      return new Parsed(Optional.of(new ClientSequence(Long.parseLong(client.get().trim()), seq, below)), null);
    } catch (NumberFormatException e) {
      return new Parsed(Optional.empty(), CLIENT_ID + ", " + SEQUENCE + " and " + ACKNOWLEDGED_BELOW
          + " are whole numbers, got " + client.get() + ", " + sequence.get() + ", " + acked.orElse("(none)"));
    } catch (IllegalArgumentException e) {
      return new Parsed(Optional.empty(), e.getMessage());
    }
  }

  private static Optional<String> value(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }
}
