/**
 * Load generators over HTTP for the stores and their peer (etcd): {@code KvLoad}, {@code
 * ReplLoad}.
 */
package dev.chorus.benchmarks.kv;
