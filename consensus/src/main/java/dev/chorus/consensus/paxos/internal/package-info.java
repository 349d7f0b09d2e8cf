/**
 * The actor that hosts a Paxos core and its durable acceptor state. Internal.
 */
package dev.chorus.consensus.paxos.internal;
