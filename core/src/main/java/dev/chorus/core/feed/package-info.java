/**
 * The change feed SPI: {@link dev.chorus.core.feed.ChangeFeed}, a store's committed writes from an
 * offset, resumable and back-pressured. Public API; every store implements it, and consumers
 * (outbox, cache invalidation) depend on nothing else.
 */
package dev.chorus.core.feed;
