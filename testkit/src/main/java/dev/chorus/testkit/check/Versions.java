package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a checker learns the order of writes: the version of each write, and the version of the
 * write each read observed. Session guarantees, consistent prefix and bounded staleness are all
 * statements about that order (Terry et al., "Session Guarantees for Weakly Consistent Replicated
 * Data", PDIS 1994: the guarantees are defined on the order of writes), which a history of
 * values alone does not reveal.
 *
 * <p>Two strategies:
 *
 * <ul>
 *   <li>{@link #field(String)}: the store reports the version it assigned (a Raft index, a
 *       replication offset, an HLC as a long). An ok write's value and a read's value are JSON
 *       objects such as {@code {"value":7,"version":12}}.
 *   <li>{@link #valueIsVersion()}: the values themselves are the versions: numbers that increase
 *       with every write, as when a workload writes 1, 2, 3, ... through a sequencer.
 * </ul>
 *
 * <p>Either way a read that returned null observed version 0: the key was never written. So a
 * write's version must be positive. Whether versions are per key or global across keys is the
 * checker's assumption: {@link ConsistentPrefix} needs global ones, the others need only an order
 * per key. Instances are immutable and thread-safe.
 */
public final class Versions {
  private final String field;

  private Versions(String field) {
    this.field = field;
  }

  /**
   * Versions the store reports in the named field of each ok write's and each read's value
   * ({@code {"value":7,"version":12}}). An info write's version is unknown.
   */
  public static Versions field(String name) {
    return new Versions(Objects.requireNonNull(name, "name"));
  }

  /**
   * The written values are the versions: integers that increase with every write, in the order
   * the store applies them. That holds when a sequencer at the store assigns them, or when no two
   * writes to a key run at once; a client-side counter racing two writes does not qualify. An
   * info write's version is known: it is the value it tried to write.
   */
  public static Versions valueIsVersion() {
    return new Versions(null);
  }

  /**
   * The version carried by {@code returned}, a value {@code read} returned for one key (its
   * whole output, or one key's entry of a snapshot): 0 for null, a key never written.
   *
   * @throws History.MalformedHistory naming {@code read} if the value carries no version
   */
  public long observed(Operation read, JsonNode returned) {
    if (returned == null || returned.isNull()) {
      return 0;
    }
    if (field == null) {
      return OperationValues.integer(read, returned, "a value read (the version)");
    }
    JsonNode object = OperationValues.object(read, returned, "a value read (with \"" + field + "\")");
    return OperationValues.integer(read, object.get(field), "field \"" + field + "\" of a value read");
  }

  /**
   * The version {@code write} was assigned, or empty if that is unknown (an info write when the
   * store reports versions).
   *
   * @throws History.MalformedHistory naming {@code write} if it carries no version, or one that
   *     is not positive
   */
  public OptionalLong written(Operation write) {
    long version;
    if (field == null) {
      version = OperationValues.integer(write, write.input(), "the value written (the version)");
    } else if (write.isInfo()) {
      return OptionalLong.empty();
    } else {
      JsonNode object = OperationValues.object(write, write.output(), "an ok write's value (with \"" + field + "\")");
      version = OperationValues.integer(write, object.get(field), "field \"" + field + "\" of an ok write's value");
    }
    if (version <= 0) {
      throw OperationValues.malformed(write,
          "a write's version must be positive (0 means never written), got " + version);
    }
    return OptionalLong.of(version);
  }

  @Override
  public String toString() {
    return field == null ? "values are versions" : "versions in field \"" + field + "\"";
  }
}
