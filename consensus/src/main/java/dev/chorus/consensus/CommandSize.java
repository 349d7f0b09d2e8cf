package dev.chorus.consensus;

/** Estimates a command's size in bytes, for batching AppendEntries by bytes. */
@FunctionalInterface
public interface CommandSize {
  /** Every command counts as 64 bytes: batching is then by count. */
  CommandSize FIXED = command -> 64;

  /** The command's size in bytes; must be deterministic and cheap. */
  long bytes(Object command);
}
