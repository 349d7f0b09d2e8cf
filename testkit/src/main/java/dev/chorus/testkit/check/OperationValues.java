package dev.chorus.testkit.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the JSON values of operations in the shapes a checker's vocabulary demands, and reports a
 * value of the wrong shape as a {@link History.MalformedHistory} naming the operation: a checker
 * must not guess what a value it cannot read meant.
 */
final class OperationValues {
  private OperationValues() {}

  /** {@code value} as a long. */
  static long integer(Operation op, JsonNode value, String what) {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw malformed(op, what + " must be an integer, got " + value);
    }
    return value.asLong();
  }

  /** {@code value}, which must be a JSON object. */
  static JsonNode object(Operation op, JsonNode value, String what) {
    if (value == null || !value.isObject()) {
      throw malformed(op, what + " must be a JSON object, got " + value);
    }
    return value;
  }

  /** {@code value}, which must be a JSON array. */
  static JsonNode array(Operation op, JsonNode value, String what) {
    if (value == null || !value.isArray()) {
      throw malformed(op, what + " must be a JSON array, got " + value);
    }
    return value;
  }

  /** A malformed-history error about {@code op}. */
  static History.MalformedHistory malformed(Operation op, String why) {
    return new History.MalformedHistory("#" + op.id() + " (line " + op.line() + ", process "
        + op.process() + ", " + op.f() + "): " + why);
  }
}
