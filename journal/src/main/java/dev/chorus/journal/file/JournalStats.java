package dev.chorus.journal.file;

/**
 * Counters of a journal since it was opened, for benchmarks and metrics.
 *
 * @param batches group commits written
 * @param fsyncs calls to FileChannel.force on segments
 * @param records atomic writes appended
 * @param events events appended
 * @param bytes bytes appended to segments
 */
public record JournalStats(long batches, long fsyncs, long records, long events, long bytes) {
  /** Average atomic writes per group commit: how much fsyncs are shared. */
  public double recordsPerBatch() {
    return batches == 0 ? 0 : (double) records / batches;
  }
}
