/**
 * The actors that host a Raft core on a node: the node actor, its persistent log, the write
 * pipeline, the wire serializer and its records. Persisted and wire names in this package are
 * kept stable across versions (docs/architecture.md, "Names that must not change").
 *
 * <p>Internal: imported by this module's API package only.
 */
package dev.chorus.consensus.internal;
