/**
 * The sample node's HTTP API over the stores: routes, error answers and body limits.
 */
package dev.chorus.samples.http;
