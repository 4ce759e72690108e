/** The HTTP side: routes, CORS, validation and error answers. */
package io.github.dockerhubproxy.server;
