/**
 * Checkers over recorded histories: linearizability (Wing & Gong with Lowe's just-in-time
 * linearization), session guarantees, bounded staleness, consistent prefix, bank and counter
 * invariants. Public API for users' own tests.
 */
package dev.chorus.testkit.check;
