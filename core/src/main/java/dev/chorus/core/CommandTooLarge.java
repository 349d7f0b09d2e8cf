package dev.chorus.core;

import com.typesafe.config.Config;

/**
 * A store refused a command, never appended, because its bytes exceed what the store can carry:
 * one message between nodes (Artery's {@value #FRAME_KEY}) less {@value #ENVELOPE_BYTES} bytes for
 * the message around it, about 252 KiB by default. The request certainly did not take effect.
 * HTTP answers it with 413.
 *
 * <p>It is an {@link IllegalArgumentException}: the input is at fault, and retrying it unchanged
 * never succeeds. Raise {@link #setting()} on every node, or split the command.
 */
public final class CommandTooLarge extends IllegalArgumentException {
  /** The key of Artery's frame: no message between nodes may be larger. */
  public static final String FRAME_KEY = "pekko.remote.artery.advanced.maximum-frame-size";
  /** Room in a frame for what goes around a command: the append message and its envelope. */
  public static final int ENVELOPE_BYTES = 4 * 1024;

  private final String store;
  private final long size;
  private final long limit;

  /**
   * @param store the store or group that refused the command
   * @param size the command's size in bytes, as encoded
   * @param limit the most bytes the store accepts
   */
  public CommandTooLarge(String store, long size, long limit) {
    super(store + " refuses a command of " + size + " bytes: the most it can replicate is " + limit + " bytes ("
        + FRAME_KEY + " less " + ENVELOPE_BYTES + " for the message around it); raise that key on every node, "
        + "or split the command");
    this.store = store;
    this.size = size;
    this.limit = limit;
  }

  /** The largest command a store can replicate under {@code config}'s Artery frame. */
  public static long maxCommandBytes(Config config) {
    return config.hasPath(FRAME_KEY) ? config.getBytes(FRAME_KEY) - ENVELOPE_BYTES : Long.MAX_VALUE;
  }

  /** The store or group that refused the command. */
  public String store() {
    return store;
  }

  /** The command's size in bytes. */
  public long size() {
    return size;
  }

  /** The most bytes a command may have. */
  public long limit() {
    return limit;
  }

  /** The configuration key that sets {@link #limit()}. */
  public String setting() {
    return FRAME_KEY;
  }
}
