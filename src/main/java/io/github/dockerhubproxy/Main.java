package io.github.dockerhubproxy;

import io.helidon.logging.common.LogConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import sun.misc.Signal;

/** Starts the proxy from the environment: {@code java -jar target/dockerhub-proxy.jar}. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /** Reads the configuration, starts the server, and stops it gracefully on SIGTERM or SIGINT (exit 0). */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--healthcheck")) {
            System.exit(HealthCheck.run(System.getenv()));
        }
        LogConfig.configureRuntime();
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("dockerhub-proxy: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        App app;
        try {
            app = App.start(config);
        } catch (RuntimeException e) {
            System.err.println("dockerhub-proxy: cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + " (HTTP_HOST/HTTP_PORT): " + e.getMessage());
            System.exit(1);
            return;
        }
        app.whenListenerDies(() -> {
            LOG.severe("dockerhub-proxy: the listener on " + config.httpHost() + ":" + app.port()
                    + " stopped; exiting so that the supervisor starts the proxy again");
            Runtime.getRuntime().halt(3);
        });
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("dockerhub-proxy stopping: finishing requests in flight (at most "
                        + config.shutdownTimeout().toSeconds() + " s)");
                app.close();
                LOG.info("dockerhub-proxy stopped");
                System.exit(0);
            }
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), received -> Thread.ofPlatform().name("shutdown").start(stop));
        }
        LOG.info("dockerhub-proxy " + App.version() + " listening on http://" + config.httpHost() + ":" + app.port()
                + " " + config);
    }
}
