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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends requests to Docker Hub and turns transport failures into {@link DockerHubException}s. Each exchange,
 * body included, ends by its fetch's deadline, and no body is read past {@code maxBodyBytes}: what goes beyond
 * either is cut off and its connection dropped.
 */
final class UpstreamHttp {
    private static final String USER_AGENT = "dockerhub-proxy";

    static {
        // The JDK client would try a refused connection again by itself, under every retry of ours: retries are
        // decided in one place (Exchanges). Read when the client first sends, so set before any client exists.
        System.setProperty("jdk.httpclient.disableRetryConnect", "true");
    }

    private final URI base;
    private final HttpClient client;
    private final long maxBodyBytes;
    private final Redactor redactor;

    UpstreamHttp(URI base, Duration connectTimeout, long maxBodyBytes, Redactor redactor) {
        this.base = base;
        this.maxBodyBytes = maxBodyBytes;
        this.redactor = redactor;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version("https".equalsIgnoreCase(base.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** GET {@code pathAndQuery} (already percent-encoded) on the configured base. */
    Answer get(String what, String pathAndQuery, String authorization, Allowance allowance) {
        HttpRequest.Builder request = request(pathAndQuery, allowance).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(what, request.build(), allowance);
    }

    /**
     * GET or HEAD an absolute {@code uri} (the registry, its token service, a blob's CDN), with this {@code Accept} and,
     * unless null, this {@code Authorization}. Redirects are not followed: the caller decides where credentials go.
     */
    Answer exchange(String what, String method, URI uri, String accept, String authorization, Allowance allowance) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(allowance.remaining(base))
                .header("Accept", accept)
                .header("User-Agent", USER_AGENT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(what, request.build(), allowance);
    }

    /** POST a JSON body. */
    Answer postJson(String what, String path, byte[] json, Allowance allowance) {
        HttpRequest request = request(path, allowance)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return send(what, request, allowance);
    }

    /** What takes secrets out of upstream text. */
    Redactor redactor() {
        return redactor;
    }

    private HttpRequest.Builder request(String pathAndQuery, Allowance allowance) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(allowance.remaining(base))
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private Answer send(String what, HttpRequest request, Allowance allowance) {
        AtomicReference<BoundedBody> reading = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
            BoundedBody body = BoundedBody.of(info, maxBodyBytes, allowance);
            reading.set(body);
            return body;
        });
        try {
            HttpResponse<byte[]> response = exchange.get(allowance.remaining(base).toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(what, response.statusCode(), response.headers(), response.body(), redactor);
        } catch (TimeoutException e) {
            stop(exchange, reading);
            throw late(what, allowance, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException && !(e.getCause() instanceof HttpConnectTimeoutException)) {
                // the client's own timer (headers) and the wait for the whole answer share one deadline
                throw late(what, allowance, e.getCause());
            }
            throw failure(what, e.getCause());
        } catch (InterruptedException e) {
            stop(exchange, reading);
            Thread.currentThread().interrupt();
            throw new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0, what + ": interrupted", null, e);
        }
    }

    private static DockerHubException late(String what, Allowance allowance, Throwable cause) {
        return new DockerHubException(DockerHubException.Kind.TIMEOUT, 0, what + ": Docker Hub did not answer in time"
                + " (UPSTREAM_TIMEOUT " + allowance.budget().toMillis() + " ms, body included)", null, cause);
    }

    private static void stop(CompletableFuture<?> exchange, AtomicReference<BoundedBody> reading) {
        BoundedBody body = reading.get();
        if (body != null) {
            body.abort();
        }
        exchange.cancel(true);
    }

    private DockerHubException failure(String what, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge tooLarge && tooLarge.memory) {
                return new DockerHubException(DockerHubException.Kind.OVERLOADED, 0, what + ": the proxy is reading as much "
                        + "from Docker Hub as its memory allows (" + tooLarge.getMessage() + "); try again in a moment",
                        java.time.Duration.ofSeconds(1), null);
            }
            if (t instanceof BoundedBody.TooLarge tooLarge) {
                return new DockerHubException(DockerHubException.Kind.TOO_LARGE, 0, what + ": Docker Hub's answer is too large ("
                        + tooLarge.getMessage() + "; UPSTREAM_MAX_BODY_MB and LIST_MAX_MB bound it); nothing was kept",
                        null, null);
            }
        }
        return switch (cause) {
            case HttpConnectTimeoutException e -> new DockerHubException(DockerHubException.Kind.TIMEOUT, 0,
                    what + ": could not connect to Docker Hub at " + base + " in time", null, e);
            case ConnectException e -> new DockerHubException(DockerHubException.Kind.REFUSED, 0,
                    what + ": cannot connect to Docker Hub at " + base, null, e);
            case IOException e -> new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0,
                    what + ": connection to Docker Hub failed (" + e.getClass().getSimpleName() + ")", null, e);
            default -> new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0,
                    what + ": connection to Docker Hub failed (" + cause.getClass().getSimpleName() + ")", null, cause);
        };
    }
}
