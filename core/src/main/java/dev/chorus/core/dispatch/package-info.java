/**
 * A dispatcher that runs each message on the thread that sent it, for actors whose work is too
 * small to pay for a thread hop. Configured by name in {@code reference.conf}; not imported by
 * code.
 */
package dev.chorus.core.dispatch;
