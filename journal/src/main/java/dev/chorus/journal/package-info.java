/**
 * The file journal and snapshot store, plugged into Pekko Persistence: their settings and the
 * errors they raise when a file is damaged.
 *
 * <p>Public API. Users configure it by the plugin ids in {@code reference.conf}; code seldom
 * imports it.
 */
package dev.chorus.journal;
