/** Startup: configuration from the environment, and the wiring of client, cache and server. */
package io.github.dockerhubproxy;
