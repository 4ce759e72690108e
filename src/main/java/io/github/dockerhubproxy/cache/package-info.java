/**
 * What the proxy knows about Docker Hub's resources: {@link io.github.dockerhubproxy.cache.Entry entries} (found, not
 * found, retired; failures are never kept) in memory and, when configured, in Redis, under one freshness rule, with
 * refreshes in the background that listeners can follow. No HTTP statuses here: the server maps entries to them.
 */
package io.github.dockerhubproxy.cache;
