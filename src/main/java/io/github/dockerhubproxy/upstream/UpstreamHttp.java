package io.github.dockerhubproxy.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;

/** Sends requests to Docker Hub within a deadline and turns transport failures into {@link DockerHubException}s. */
final class UpstreamHttp {
    private static final String USER_AGENT = "dockerhub-proxy";

    private final URI base;
    private final HttpClient client;

    UpstreamHttp(URI base, Duration connectTimeout) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version("https".equalsIgnoreCase(base.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** GET {@code pathAndQuery} (already percent-encoded) on the configured base. */
    Answer get(String what, String pathAndQuery, String authorization, Deadline deadline) {
        HttpRequest.Builder request = request(pathAndQuery, deadline).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(what, request.build());
    }

    /** POST a JSON body. */
    Answer postJson(String what, String path, byte[] json, Deadline deadline) {
        HttpRequest request = request(path, deadline)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return send(what, request);
    }

    private HttpRequest.Builder request(String pathAndQuery, Deadline deadline) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(deadline.remaining(base))
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private Answer send(String what, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(what, response.statusCode(), response.headers(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new DockerHubException(DockerHubException.Kind.TIMEOUT, 0,
                    what + ": could not connect to Docker Hub at " + base + " in time", null, e);
        } catch (HttpTimeoutException e) {
            throw new DockerHubException(DockerHubException.Kind.TIMEOUT, 0,
                    what + ": Docker Hub did not answer in time", null, e);
        } catch (ConnectException e) {
            throw new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0,
                    what + ": cannot connect to Docker Hub at " + base, null, e);
        } catch (IOException e) {
            throw new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0,
                    what + ": connection to Docker Hub failed (" + e.getClass().getSimpleName() + ")", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0, what + ": interrupted", null, e);
        }
    }
}
