/**
 * A node main for tests that need a bare Chorus node in its own JVM.
 */
package dev.chorus.testkit.node;
