package dev.chorus.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads one module's settings from a {@link Config} section and turns every malformed or
 * out-of-range value into a {@link ChorusConfigException} that names the full key.
 *
 * <p>Each module's settings record is built with one of these, once, at start-up. Not
 * thread-safe; it holds no state beyond the section it reads.
 */
public final class SettingsReader {
  private final Config section;
  private final String prefix;

  /**
   * @param root the whole configuration
   * @param prefix the section, such as {@code chorus.node}
   * @throws ChorusConfigException if the section is missing or not an object
   */
  public SettingsReader(Config root, String prefix) {
    this.prefix = prefix;
    try {
      this.section = root.getConfig(prefix);
    } catch (ConfigException e) {
      throw new ChorusConfigException(prefix, "missing or not an object (" + e.getMessage() + ")", e);
    }
  }

  /** The full path of a key in this section, for error messages. */
  public String path(String key) {
    return prefix + "." + key;
  }

  /** A string that is present and not blank. */
  public String nonBlankString(String key) {
    String value = read(key, () -> section.getString(key), "a string");
    if (value.isBlank()) {
      throw new ChorusConfigException(path(key), "must not be empty");
    }
    return value;
  }

  /**
   * One of {@code choices}, ignoring case and surrounding spaces.
   *
   * @throws ChorusConfigException naming the key and listing the choices if it is none of them
   */
  public String oneOf(String key, String... choices) {
    String value = nonBlankString(key).trim().toLowerCase(java.util.Locale.ROOT);
    for (String choice : choices) {
      if (choice.equals(value)) {
        return choice;
      }
    }
    throw new ChorusConfigException(path(key), "must be one of " + String.join(", ", choices)
        + ", got '" + value + "'");
  }

  /** A string, or empty when the key is unset or {@code null}; blank when set is an error. */
  public Optional<String> optionalNonBlankString(String key) {
    if (!section.hasPath(key)) {
      return Optional.empty();
    }
    return Optional.of(nonBlankString(key));
  }

  /** An integer within {@code [min, max]}. */
  public int intBetween(String key, int min, int max) {
    int value = read(key, () -> section.getInt(key), "an integer between " + min + " and " + max);
    if (value < min || value > max) {
      throw new ChorusConfigException(
          path(key), value + " is out of range: must be between " + min + " and " + max);
    }
    return value;
  }

  /** A duration ("200ms", "5s") that is at least {@code min}. */
  public Duration durationAtLeast(String key, Duration min) {
    Duration value = read(key, () -> section.getDuration(key), "a duration such as 500ms or 5s");
    if (value.compareTo(min) < 0) {
      throw new ChorusConfigException(path(key), value + " is too short: must be at least " + min);
    }
    return value;
  }

  /** A size in bytes ("64MiB", "512k", "4096") within {@code [min, max]}. */
  public long bytesBetween(String key, long min, long max) {
    long value = read(key, () -> section.getBytes(key), "a size such as 64MiB or 512KiB");
    if (value < min || value > max) {
      throw new ChorusConfigException(
          path(key), value + " bytes is out of range: must be between " + min + " and " + max + " bytes");
    }
    return value;
  }

  /** A boolean ({@code on}/{@code off}, {@code true}/{@code false}). */
  public boolean bool(String key) {
    return read(key, () -> section.getBoolean(key), "on or off");
  }

  /** A list of strings. */
  public List<String> stringList(String key) {
    return read(key, () -> section.getStringList(key), "a list of strings");
  }

  private <T> T read(String key, java.util.function.Supplier<T> getter, String expected) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw new ChorusConfigException(path(key), "is missing: expected " + expected, e);
    } catch (ConfigException e) {
      throw new ChorusConfigException(path(key), "expected " + expected + " (" + e.getMessage() + ")", e);
    }
  }
}
