/**
 * The snapshot files: names, atomic writes and the checks that refuse a damaged one. Internal to
 * the journal module.
 */
package dev.chorus.journal.snapshot;
