/**
 * JUnit 5 support: an extension that starts a {@code JvmCluster} and stops it, and every process
 * it started, even when a test fails; and {@link dev.chorus.testkit.junit.Await}, the bounded wait
 * for what no event announces. Public API.
 */
package dev.chorus.testkit.junit;
