/**
 * The service-provider interface a service implements to run its own state on a Chorus store:
 * {@link dev.chorus.core.spi.StateMachine} and its {@link dev.chorus.core.spi.Codecs}, with
 * {@link dev.chorus.core.spi.DataCodec} for writing codecs by hand.
 *
 * <p>Public SPI: every store hosts it, so a state machine written once runs on any of them.
 */
package dev.chorus.core.spi;
