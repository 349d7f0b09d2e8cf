/**
 * Measurements of fault timings on a JVM cluster.
 */
package dev.chorus.benchmarks.cluster;
