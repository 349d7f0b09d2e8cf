/**
 * The actors that host a replica core on a node: the node actor, its persistent log, the write
 * pipeline and the wire codec. Persisted and wire names here are kept stable. Internal.
 */
package dev.chorus.replication.leaderfollower.internal;
