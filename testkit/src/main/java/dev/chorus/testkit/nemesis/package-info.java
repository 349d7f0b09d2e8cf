/**
 * The nemesis: faults (partitions, kill -9, pauses, clock skew) and schedules of them. Public
 * API.
 */
package dev.chorus.testkit.nemesis;
