package dev.chorus.core.kv;

import dev.chorus.core.spi.DataCodec;
import dev.chorus.core.spi.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The key-value state machine that {@code RaftKv} and {@code ReplicatedKv} host: string keys to
 * string values, each with the log index of the write that set it. Deterministic; its snapshot is
 * the map sorted by key, so that every member's snapshot of the same state has the same bytes.
 */
public final class KvStateMachine implements StateMachine<KvCommand, String, KvResult> {
  private record Versioned(String value, long version) {}

  /**
   * Starts a snapshot whose strings are {@link DataCodec#writeText} (any length). The first format
   * started with the entry count, never negative, and held strings of at most 65,535 bytes.
   */
  private static final int TEXT_FORMAT = -2;

  // Hashed, not sorted: every read looks a key up, and a sorted map compares it with a string
  // per level of its tree (5 % of the leader's time at 256 readers). Only a snapshot sorts.
  private final HashMap<String, Versioned> data = new HashMap<>();

  @Override
  public KvResult apply(long index, KvCommand command) {
    String key = command.key();
    if (command instanceof KvCommand.Put p) {
      data.put(key, new Versioned(p.value(), index));
      return new KvResult.Written(key, index);
    }
    if (command instanceof KvCommand.Delete) {
      data.remove(key);
      return new KvResult.Written(key, index);
    }
    if (command instanceof KvCommand.Append a) {
      Versioned now = data.get(key);
      String list = now == null ? a.element() : now.value() + KvCommand.LIST_SEPARATOR + a.element();
      data.put(key, new Versioned(list, index));
      return new KvResult.Written(key, index);
    }
    KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) command;
    Versioned now = data.get(key);
    if (!Objects.equals(now == null ? null : now.value(), cas.expected())) {
      return new KvResult.CasResult(key, false, now == null ? null : now.value(), now == null ? 0 : now.version());
    }
    data.put(key, new Versioned(cas.value(), index));
    return new KvResult.CasResult(key, true, cas.value(), index);
  }

  /** The value of the key {@code query}. */
  @Override
  public KvResult query(String key) {
    Versioned v = data.get(key);
    return new KvResult.Value(key, v == null ? null : v.value(), v == null ? 0 : v.version());
  }

  @Override
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(TEXT_FORMAT);
      out.writeInt(data.size());
      for (Map.Entry<String, Versioned> e : new TreeMap<>(data).entrySet()) {
        DataCodec.writeText(out, e.getKey());
        DataCodec.writeText(out, e.getValue().value());
        out.writeLong(e.getValue().version());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void restore(byte[] snapshot) {
    data.clear();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int first = in.readInt();
      if (first == TEXT_FORMAT) {
        for (int n = in.readInt(); n > 0; n--) {
          data.put(DataCodec.readText(in), new Versioned(DataCodec.readText(in), in.readLong()));
        }
      } else {
        for (int n = first; n > 0; n--) {
          data.put(in.readUTF(), new Versioned(in.readUTF(), in.readLong()));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a key-value snapshot: " + e, e);
    }
  }
}
