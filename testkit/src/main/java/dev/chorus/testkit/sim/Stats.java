package dev.chorus.testkit.sim;

/**
 * What happened in a run, counted by the simulator: how the faults actually played out.
 *
 * @param messagesSent messages nodes handed to the network
 * @param messagesDelivered messages a running node received, duplicates included
 * @param messagesDropped messages the network lost at random
 * @param messagesDuplicated extra copies the network made
 * @param messagesCut messages dropped because a partition separated their ends when they were due
 * @param messagesToDownNodes messages that arrived at a crashed node
 * @param messagesInFlight messages (and copies) still on their way when the run ended
 * @param partitions partitions started
 * @param crashes crashes, random and scripted
 * @param restarts restarts
 * @param writesCompleted storage writes that became durable
 * @param writesLost storage writes still in flight when their node crashed
 * @param opsOk client operations that completed ok
 * @param opsFailed client operations that certainly did not take effect
 * @param opsInfo client operations with an unknown outcome
 */
public record Stats(
    long messagesSent,
    long messagesDelivered,
    long messagesDropped,
    long messagesDuplicated,
    long messagesCut,
    long messagesToDownNodes,
    long messagesInFlight,
    long partitions,
    long crashes,
    long restarts,
    long writesCompleted,
    long writesLost,
    long opsOk,
    long opsFailed,
    long opsInfo) {}
