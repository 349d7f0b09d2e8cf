/**
 * Clocks: the hybrid logical clock (Kulkarni et al. 2014) on a physical clock that the testkit's
 * nemesis can skew, and vector clocks.
 *
 * <p>Public API. Only the HLC reads wall time, through the node's skewable clock; protocols
 * measure durations on monotonic time (docs/architecture.md, "Time").
 */
package dev.chorus.core.clock;
