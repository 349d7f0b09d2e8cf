/**
 * The pure core of single-decree Paxos ("Paxos Made Simple", 2001): proposers, acceptors and
 * learners as deterministic state machines, with no threads and no clock.
 *
 * <p>Imported by its host actor ({@code paxos.internal}) and by tests and the simulator.
 */
package dev.chorus.consensus.paxos;
