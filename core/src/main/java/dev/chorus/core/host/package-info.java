/**
 * The hosting stack every protocol host is built from (docs/architecture.md, "The hosting
 * stack"): the persistent {@link dev.chorus.core.host.LogActor} with its {@link
 * dev.chorus.core.host.LogFormat}, the group-commit {@link dev.chorus.core.host.WritePipeline},
 * {@link dev.chorus.core.host.FrameParts} for messages over one Artery frame, {@link
 * dev.chorus.core.host.Peers} from cluster membership, the per-node registry of running instances
 * ({@link dev.chorus.core.host.Instances}) and the {@link dev.chorus.core.host.HostLifecycle} of a
 * host actor (recover, then tick). SPI for protocol modules (Raft, leader-follower, and the ones to
 * come); an application does not use it directly.
 */
package dev.chorus.core.host;
