package dev.chorus.core;

/**
 * A configuration value is missing, malformed or out of range.
 *
 * <p>Thrown at start-up, before anything is bound or started, with the full key and what is
 * allowed, so the operator can fix the one line that is wrong.
 */
public final class ChorusConfigException extends RuntimeException {
  private final String key;

  /**
   * @param key the full configuration path, such as {@code chorus.node.port}
   * @param problem what is wrong with the value and what is allowed
   */
  public ChorusConfigException(String key, String problem) {
    super("Invalid configuration " + key + ": " + problem);
    this.key = key;
  }

  /**
   * @param key the full configuration path
   * @param problem what is wrong and what is allowed
   * @param cause the underlying error
   */
  public ChorusConfigException(String key, String problem, Throwable cause) {
    super("Invalid configuration " + key + ": " + problem, cause);
    this.key = key;
  }

  /** The full configuration path whose value is wrong. */
  public String key() {
    return key;
  }
}
