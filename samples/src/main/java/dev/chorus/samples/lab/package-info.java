/**
 * The lab: scenarios that run a cluster under faults, record histories and check them.
 */
package dev.chorus.samples.lab;
