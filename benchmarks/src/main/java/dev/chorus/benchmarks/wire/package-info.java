/**
 * Benchmarks of the encodings of messages between nodes.
 */
package dev.chorus.benchmarks.wire;
