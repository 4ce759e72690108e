package io.github.dockerhubproxy;

import io.helidon.logging.common.LogConfig;
import java.util.logging.Logger;

/** Starts the proxy from the environment: {@code java -jar target/dockerhub-proxy.jar}. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /** Reads the configuration, starts the server, and stops it on SIGTERM or SIGINT. */
    public static void main(String[] args) {
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
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        LOG.info("dockerhub-proxy listening on http://" + config.httpHost() + ":" + app.port() + " " + config);
    }
}
