/**
 * The control channel a test uses to inject faults into a node JVM (link cuts, clock skew).
 * Loaded into a node only when the testkit launches it.
 */
package dev.chorus.testkit.control;
