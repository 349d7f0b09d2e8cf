package dev.chorus.testkit.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The writes of a history in version order, per key and (when versions are global) across keys.
 * Only ok writes are certain to have taken effect, so only they make up the order; an info write
 * may or may not have, so it is only remembered as something a read may show: by its version if
 * known, else by its key.
 */
final class WriteOrder {
  private final Map<String, TreeMap<Long, Operation>> okByKey = new HashMap<>();
  private final Map<String, Map<Long, Operation>> knownByKey = new HashMap<>();
  private final Map<Long, Operation> knownGlobal = new HashMap<>();
  private final Set<String> keysWithUnknownVersions = new HashSet<>();
  private final boolean versionsAreGlobal;

  private WriteOrder(boolean versionsAreGlobal) {
    this.versionsAreGlobal = versionsAreGlobal;
  }

  /**
   * The {@code write} operations of {@code ops}, whose versions are unique across keys.
   *
   * @throws History.MalformedHistory if a write has no key or two writes share a version
   */
  static WriteOrder global(List<Operation> ops, Versions versions) {
    return new WriteOrder(true).index(ops, versions);
  }

  /**
   * The {@code write} operations of {@code ops}, whose versions are unique per key.
   *
   * @throws History.MalformedHistory if a write has no key or two writes to a key share a version
   */
  static WriteOrder perKey(List<Operation> ops, Versions versions) {
    return new WriteOrder(false).index(ops, versions);
  }

  private WriteOrder index(List<Operation> ops, Versions versions) {
    for (Operation op : ops) {
      if (!op.f().equals("write")) {
        continue;
      }
      if (op.key() == null) {
        throw OperationValues.malformed(op, "a write needs a key");
      }
      versions.written(op).ifPresentOrElse(v -> add(op, v), () -> keysWithUnknownVersions.add(op.key()));
    }
    return this;
  }

  private void add(Operation write, long version) {
    Map<Long, Operation> known = knownByKey.computeIfAbsent(write.key(), k -> new HashMap<>());
    Operation other = versionsAreGlobal ? knownGlobal.get(version) : known.get(version);
    if (other != null) {
      throw OperationValues.malformed(write, "version " + version + " was already given to #" + other.id()
          + (versionsAreGlobal ? "" : " on the same key") + "; versions must be unique");
    }
    known.put(version, write);
    if (versionsAreGlobal) {
      knownGlobal.put(version, write);
    }
    if (write.isOk()) {
      okByKey.computeIfAbsent(write.key(), k -> new TreeMap<>()).put(version, write);
    }
  }

  /** How many ok writes there are. */
  int size() {
    return okByKey.values().stream().mapToInt(Map::size).sum();
  }

  /** The ok writes to {@code key}, by version. */
  NavigableMap<Long, Operation> writesTo(String key) {
    return okByKey.getOrDefault(key, new TreeMap<>());
  }

  /** The write (ok or info) with this global version; empty for 0, unknown or per-key versions. */
  Optional<Operation> write(long version) {
    return Optional.ofNullable(knownGlobal.get(version));
  }

  /**
   * Whether some write to {@code key} may have had {@code version}: 0 (never written), the
   * version of a write (ok or info) to the key, or a version no write is known to have when the
   * key had writes of unknown version.
   */
  boolean mayHaveWritten(String key, long version) {
    return version == 0
        || knownByKey.getOrDefault(key, Map.of()).containsKey(version)
        || (keysWithUnknownVersions.contains(key) && !knownGlobal.containsKey(version));
  }

  /** The version of {@code key} after the ok writes up to {@code prefix}: 0 if none. */
  long versionAt(String key, long prefix) {
    Long v = writesTo(key).floorKey(prefix);
    return v == null ? 0 : v;
  }

  /** The ok writes to {@code key} with versions in (after, upTo], in version order. */
  List<Operation> writesTo(String key, long after, long upTo) {
    return List.copyOf(writesTo(key).subMap(after, false, upTo, true).values());
  }
}
