/**
 * Benchmarks of the journal: fsync floor, persist throughput, replay.
 */
package dev.chorus.benchmarks.journal;
