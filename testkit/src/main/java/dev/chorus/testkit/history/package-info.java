/**
 * Histories of operations in the JSON-lines format that the checkers read and the lab writes.
 * Public API.
 */
package dev.chorus.testkit.history;
