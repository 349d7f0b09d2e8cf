/**
 * Benchmarks of the simulator.
 */
package dev.chorus.benchmarks.sim;
