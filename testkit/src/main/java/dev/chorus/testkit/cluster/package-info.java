/**
 * Clusters for tests: {@link dev.chorus.testkit.cluster.LocalCluster} (several nodes in one JVM)
 * and {@link dev.chorus.testkit.cluster.JvmCluster} (one JVM per node, with kill -9, pause and
 * partitions). Public API.
 */
package dev.chorus.testkit.cluster;
