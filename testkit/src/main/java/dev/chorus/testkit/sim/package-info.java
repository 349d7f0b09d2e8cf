/**
 * The deterministic simulator: pure protocol cores on a simulated network, disk and clock, driven
 * by one seed so that any failure replays. Public API for protocol tests.
 */
package dev.chorus.testkit.sim;
