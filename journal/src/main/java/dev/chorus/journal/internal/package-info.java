/**
 * The Pekko Persistence plugin classes that adapt the file journal and the snapshot files.
 * Loaded by name from configuration; nothing imports them.
 */
package dev.chorus.journal.internal;
