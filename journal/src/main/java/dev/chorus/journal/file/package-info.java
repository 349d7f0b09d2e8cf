/**
 * The journal's file format and its writer: segments of checksummed frames, group commit with
 * one fsync per batch, the index, and recovery that stops at the first torn frame.
 *
 * <p>Internal to the journal module; public only so that the benchmarks and crash tests can
 * drive it. Users do not import it.
 */
package dev.chorus.journal.file;
