/**
 * Assertions that a message round-trips through the serializer configured for it. Public API.
 */
package dev.chorus.testkit.serialization;
