/**
 * Exactly-once client sessions on a Raft group (thesis §6.3): {@link
 * dev.chorus.consensus.session.SessionMachine} wraps a user state machine so that a retried
 * command is applied at most once and a duplicate gets the first answer. Public API.
 */
package dev.chorus.consensus.session;
