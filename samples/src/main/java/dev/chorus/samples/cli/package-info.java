/**
 * The {@code chorus} command line: {@code node}, {@code cluster}, {@code lab}, {@code check}.
 */
package dev.chorus.samples.cli;
