package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FailureLogTest {

    @Test
    void logsAtMostOneLineASecond_andSaysHowManyWereLeftOut() {
        Logger logger = Logger.getLogger("failure-log-test-" + System.identityHashCode(this));
        logger.setUseParentHandlers(false);
        List<String> lines = new CopyOnWriteArrayList<>();
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        AtomicLong now = new AtomicLong();
        FailureLog log = new FailureLog(logger, now::get);

        for (int i = 0; i < 5; i++) {
            log.warn("Docker Hub answered 503");
        }
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
        log.warn("Docker Hub answered 503");

        assertThat(lines).containsExactly("Docker Hub answered 503",
                "Docker Hub answered 503 (and 4 more failures not logged)");
    }
}
