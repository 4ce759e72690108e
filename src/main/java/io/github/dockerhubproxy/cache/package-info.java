/** Docker Hub's answers kept in memory, as the bytes that go on the wire. */
package io.github.dockerhubproxy.cache;
