package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.Browser;
import io.github.dockerhubproxy.support.TestProxy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The web page in a real browser (headless Chromium) against a proxy on the emulated Docker Hub. */
class UiBrowserTest {
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static List<String> column(Browser browser, int index) {
        return browser.driver.findElements(By.cssSelector("tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(index).getText()).toList();
    }

    @Test
    void theNamespaceTable_showsTheRepositories_sortsByPulls_andFilters() {
        try (Browser browser = Browser.start(1440, 1000)) {
            browser.driver.get(proxy.url() + "/ui/alice");
            browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tbody tr"), 5));

            assertThat(column(browser, 0)).containsExactlyInAnyOrder("webapp", "worker", "tools", "manytags", "manybuilds");
            WebElement pulls = browser.driver.findElement(By.xpath("//th[button[text()='Pulls']]"));
            assertThat(pulls.getAttribute("aria-sort")).isEqualTo("descending");
            List<String> descending = column(browser, 0);
            pulls.findElement(By.tagName("button")).click();
            assertThat(pulls.getAttribute("aria-sort")).isEqualTo("ascending");
            assertThat(column(browser, 0)).containsExactlyElementsOf(descending.reversed());

            browser.driver.findElement(By.id("filter")).sendKeys("web");
            assertThat(column(browser, 0)).containsExactly("webapp");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theRepositoryPage_listsTagsWithPlatforms_andADescriptionRunsNothing() throws Exception {
        proxy.hub.fullDescription("alice/webapp", "# Hi\n<script>window.pwned = 1</script>\n<img src=x onerror=\"window.pwned = 2\">\n"
                + "[click](javascript:window.pwned=3)\n");
        try (Browser browser = Browser.start(375, 800)) {
            browser.driver.get(proxy.url() + "/ui/alice/webapp");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tbody tr")));

            assertThat(column(browser, 0)).contains("latest");
            assertThat(browser.driver.findElement(By.cssSelector("tbody tr .chip")).getText()).isEqualTo("linux/amd64");
            assertThat(browser.driver.findElement(By.cssSelector(".description h3")).getText()).isEqualTo("Hi");   // Markdown, rendered
            assertThat(browser.driver.findElements(By.cssSelector(".description a, .description img, .description script"))).isEmpty();
            assertThat(browser.driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
            assertThat(browser.driver.findElement(By.cssSelector(".description")).getText()).contains("<script>window.pwned = 1</script>");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theImageSection_showsATagsPlatforms_labels_andBuildHistory_fromTheRegistry() {
        try (io.github.dockerhubproxy.fakehub.FakeRegistry registry = io.github.dockerhubproxy.fakehub.FakeRegistry.start();
                TestProxy withRegistry = TestProxy.start(registry); Browser browser = Browser.start(1440, 1000)) {
            browser.driver.get(withRegistry.url() + "/ui/alice/webapp");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("image-tag")));

            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("image-tag"))).selectByValue("latest");
            browser.driver.findElement(By.xpath("//button[text()='Show the image']")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#main ol li")));

            assertThat(new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("image-platform"))).getOptions())
                    .extracting(WebElement::getText).containsExactly("linux/amd64", "linux/arm64", "linux/arm/v7");
            assertThat(browser.driver.findElement(By.xpath("//td[code='org.opencontainers.image.version']/following-sibling::td")).getText())
                    .isEqualTo("1.2.3");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void anUnknownUser_isAPageSayingSo() {
        try (Browser browser = Browser.start(1440, 1000)) {
            browser.driver.get(proxy.url() + "/ui/nosuchuser");
            WebElement alert = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert]")));

            assertThat(alert.getText()).isEqualTo("nosuchuser does not exist on Docker Hub.");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("nosuchuser");
            // the one error the console holds is the browser's note of the proxy's 404 for the user asked for
            assertThat(browser.consoleErrors()).allSatisfy(error -> assertThat(error).contains("/users/nosuchuser", "404"));
        }
    }
}
