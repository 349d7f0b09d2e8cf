package dev.chorus.testkit.check;

/** A counter: {@code add} a delta (an integer, which may be negative), {@code read} its value. */
final class CounterModel implements Model<Long> {
  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Long init() {
    return 0L;
  }

  @Override
  public Long step(Long state, Operation op) {
    return switch (op.f()) {
      case "add" -> state + integer(op.input(), op);
      case "read" -> op.isInfo() || state == integer(op.output(), op) ? state : null;
      default -> throw new UnsupportedOperationException(
          "model counter has no operation \"" + op.f() + "\" (it has [add, read])");
    };
  }

  private static long integer(com.fasterxml.jackson.databind.JsonNode v, Operation op) {
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("counter values are integers, got " + v + " in " + op);
    }
    return v.asLong();
  }
}
