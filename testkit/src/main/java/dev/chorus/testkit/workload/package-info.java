/**
 * Workload helpers: generators of operations and retries that follow a {@code NotLeader} hint.
 */
package dev.chorus.testkit.workload;
