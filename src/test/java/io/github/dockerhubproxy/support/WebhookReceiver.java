package io.github.dockerhubproxy.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on a free loopback port: records what it is sent, answers what the test says. */
public final class WebhookReceiver implements AutoCloseable {
    /** One POST as received. */
    public record Received(String body, String signature, String contentType) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile String location;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                receiver.received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Signature-256"),
                        exchange.getRequestHeaders().getFirst("Content-Type")));
                if (receiver.location != null) {
                    exchange.getResponseHeaders().add("Location", receiver.location);
                }
                exchange.sendResponseHeaders(receiver.status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers this status from now on (with a Location header when {@code location} is not null). */
    public WebhookReceiver answer(int status, String location) {
        this.status = status;
        this.location = location;
        return this;
    }

    /** Everything POSTed so far, failed attempts included. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
