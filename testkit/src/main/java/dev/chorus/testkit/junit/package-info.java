/**
 * JUnit 5 support: an extension that starts a {@code JvmCluster} and stops it, and every process
 * it started, even when a test fails. Public API.
 */
package dev.chorus.testkit.junit;
