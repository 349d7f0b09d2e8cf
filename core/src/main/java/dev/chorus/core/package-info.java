/**
 * The node and the vocabulary every module shares: {@link dev.chorus.core.ChorusNode} (one
 * actor system joined to a Pekko cluster), its settings, the consistency levels
 * ({@link dev.chorus.core.ConsistencyLevel}), quorums, epochs, session tokens, {@link
 * dev.chorus.core.Bytes} and {@link dev.chorus.core.ByteParts}, and the errors every store can
 * raise ({@link dev.chorus.core.CommandTooLarge}).
 *
 * <p>Public API: any module and any user may import it. It imports no other Chorus module.
 */
package dev.chorus.core;
