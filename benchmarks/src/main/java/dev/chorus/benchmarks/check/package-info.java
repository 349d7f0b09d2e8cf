/**
 * JMH benchmarks of the checkers.
 */
package dev.chorus.benchmarks.check;
