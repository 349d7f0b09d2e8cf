package dev.chorus.testkit.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The history file format: JSON lines, one event per line, with the fields of Jepsen's histories.
 * Stable, so that other tools can read it:
 *
 * <pre>
 * {"process":3,"type":"invoke","f":"cas","key":"x","value":[1,4],"time":1203311}
 * {"process":3,"type":"ok","f":"cas","key":"x","value":[1,4],"time":1209920,"node":"n2"}
 * {"process":"nemesis","type":"info","f":"partition","value":[["n1","n2"],["n3"]],"time":1300000}
 * </pre>
 *
 * {@code process} is a number, or "nemesis" for faults; {@code type} is invoke, ok, fail or info;
 * {@code key} and {@code node} are left out when absent; {@code value} is always present (null
 * when there is none); {@code time} is nanoseconds on one monotonic clock of the test process.
 */
public final class HistoryFormat {
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .build();

  private HistoryFormat() {}

  /** Any JSON-mappable value as a canonical tree (integers as longs), so equal values compare equal. */
  public static JsonNode toJson(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not JSON-mappable: " + value, e);
    }
  }

  /** One event as one line of JSON (no newline). */
  public static String write(Op op) {
    ObjectNode o = JSON.createObjectNode();
    if (op.isNemesis()) {
      o.put("process", Op.NEMESIS);
    } else {
      o.put("process", Long.parseLong(op.process()));
    }
    o.put("type", op.type().json());
    o.put("f", op.f());
    if (op.key() != null) {
      o.put("key", op.key());
    }
    o.set("value", op.value());
    o.put("time", op.time());
    if (op.node() != null) {
      o.put("node", op.node());
    }
    return o.toString();
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException saying which field is missing or wrong
   */
  public static Op read(String line) {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode process = required(o, "process");
    String proc;
    if (process.isIntegralNumber()) {
      proc = Long.toString(process.asLong());
    } else if (Op.NEMESIS.equals(process.asText())) {
      proc = Op.NEMESIS;
    } else {
      throw new IllegalArgumentException("process must be a number or \"nemesis\", got " + process);
    }
    Op.Type type;
    try {
      type = Op.Type.valueOf(required(o, "type").asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("type must be invoke, ok, fail or info, got " + o.get("type"));
    }
    JsonNode time = required(o, "time");
    if (!time.isIntegralNumber()) {
      throw new IllegalArgumentException("time must be an integer (nanoseconds), got " + time);
    }
    return new Op(proc, type, required(o, "f").asText(), text(o, "key"), o.get("value"), time.asLong(), text(o, "node"));
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field \"" + field + "\" is missing");
    }
    return v;
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
