/** The Docker Hub client: a library of its own that knows nothing of serving HTTP. */
package io.github.dockerhubproxy.upstream;
