package io.github.dockerhubproxy.bench;

import io.github.dockerhubproxy.support.Browser;
import io.github.dockerhubproxy.support.TestProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web page in headless Chromium (bench/ui.sh): the namespace page of 1,234 repositories, their list already
 * cached by the proxy, timed by the browser's Performance API — navigation start to the page's {@code shown} mark
 * (data fetched, table built) — over 10 loads after 2; and screenshots at desktop and phone width.
 */
public final class UiBench {
    public static void main(String[] args) throws Exception {
        Path shots = Path.of(args.length > 0 ? args[0] : "target/ui-screenshots");
        Files.createDirectories(shots);
        try (TestProxy proxy = TestProxy.start(Map.of("ACCESS_LOG", "false")); Browser browser = Browser.start(1440, 1000)) {
            proxy.get("/repositories/bigorg");   // cached, as the measure asks
            proxy.get("/users/bigorg");
            List<Double> shown = new ArrayList<>();
            List<Double> interactive = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                browser.driver.get(proxy.url() + "/ui/bigorg");
                browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tbody tr"), 1234));
                if (i >= 2) {
                    shown.add(((Number) browser.driver.executeScript(
                            "return performance.getEntriesByName('shown')[0].startTime")).doubleValue());
                    interactive.add(((Number) browser.driver.executeScript(
                            "return performance.getEntriesByType('navigation')[0].domInteractive")).doubleValue());
                }
            }
            Collections.sort(shown);
            Collections.sort(interactive);
            System.out.printf(Locale.ROOT, "| /ui/bigorg, 1,234 repositories (cached), 10 loads | median %.0f ms, slowest %.0f ms "
                    + "(DOM interactive: median %.0f ms) |%n", shown.get(5), shown.get(9), interactive.get(5));
            Files.write(shots.resolve("namespace-desktop.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
            browser.driver.get(proxy.url() + "/ui/alice/webapp");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tbody tr")));
            Files.write(shots.resolve("repository-desktop.png"), browser.driver.getScreenshotAs(OutputType.BYTES));
        }
        try (TestProxy proxy = TestProxy.start(Map.of("ACCESS_LOG", "false")); Browser phone = Browser.start(375, 812)) {
            phone.driver.get(proxy.url() + "/ui/alice/webapp");
            phone.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tbody tr")));
            Files.write(shots.resolve("repository-phone.png"), phone.driver.getScreenshotAs(OutputType.BYTES));
        }
        System.exit(0);
    }
}
