package io.deepbootstrap.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepbootstrap.core.result.ConvergenceCriterion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens report.html in a real headless Chromium (Debian's chromium and chromium-driver) and checks what a
 * reader sees: every metric's charts drawn, values on hover, sortable table, no network request at all.
 * Saves a screenshot under target/. Skipped, with the reason, where chromium or chromedriver is missing.
 */
@Tag("browser")
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path OUT = Paths.get("target", "browser-report");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ChromeDriver driver;
    private static ChromeDriverService service;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian packages chromium and chromium-driver); not found, skipped");
        Path profile = Files.createTempDirectory("report-browser-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,2200",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    /** Opens a page and waits until its script has drawn everything; returns its own time to ready, in ms. */
    private static double open(Path page) {
        driver.manage().logs().get("performance"); // drop entries of earlier pages
        driver.get(page.toAbsolutePath().toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready") != null);
        return Double.parseDouble((String) js("return document.body.dataset.ready"));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * URLs of every network request made for the page (its document and anything it loads), from Chrome's
     * DevTools performance log; the browser's own chrome:// requests (new-tab page, icons) are not the page's.
     */
    private static List<String> requests(Path page) throws IOException {
        String document = page.toAbsolutePath().toUri().toString();
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get("performance")) {
            JsonNode message = MAPPER.readTree(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")
                    && message.path("params").path("documentURL").asText().equals(document)) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        return urls;
    }

    private static long inkedPixels(WebElement canvas) {
        return ((Number) js("var c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data,"
                + " n = 0; for (var i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;", canvas)).longValue();
    }

    private static List<String> column(String table, int index) {
        List<String> values = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("#" + table + " tbody tr"))) {
            values.add(row.findElements(By.tagName("td")).get(index).getAttribute("data-sort"));
        }
        return values;
    }

    @Test
    void chartsRenderHoverShowsValuesTableSortsAndNothingIsRequested() throws IOException {
        Path dir = OUT.resolve("single");
        ExperimentReport.write(dir, "synthetic", SyntheticExperiment.runs(3), ConvergenceCriterion.DEFAULT);
        Path page = dir.resolve(HtmlReport.FILE_NAME);

        double readyMs = open(page);

        // every metric's section has a drawn chart
        List<WebElement> metrics = driver.findElements(By.cssSelector("#curves .metric"));
        assertThat(metrics).extracting(m -> m.getAttribute("data-metric")).containsExactly("soft-error", "error", "loss");
        for (WebElement metric : metrics) {
            WebElement canvas = metric.findElement(By.cssSelector(".chart canvas"));
            assertThat(inkedPixels(canvas)).as(metric.getAttribute("data-metric") + " chart pixels").isGreaterThan(5_000);
        }

        // hovering over the plot shows the step and the series' values in the legend
        WebElement chart = driver.findElement(By.cssSelector("#curves .chart"));
        List<WebElement> values = chart.findElements(By.cssSelector(".u-legend .u-series .u-value"));
        assertThat(values.get(0).getText()).isEqualTo("—");
        new Actions(driver).moveToElement(chart.findElement(By.cssSelector(".u-over")), 40, 0).perform();
        assertThat(values.get(0).getText()).as("step under the cursor").matches("\\d+");
        assertThat(values.stream().skip(1).map(WebElement::getText).filter(t -> t.matches("\\d+(\\.\\d+)?")))
                .as("series values under the cursor").isNotEmpty();

        // clicking a column header sorts the table, clicking again reverses it
        assertThat(column("summary", 0)).containsExactly("mlp", "cnn");
        WebElement header = driver.findElement(By.cssSelector("#summary thead th"));
        header.click();
        assertThat(column("summary", 0)).containsExactly("cnn", "mlp");
        assertThat(header.getAttribute("aria-sort")).isEqualTo("ascending");
        header.click();
        assertThat(column("summary", 0)).containsExactly("mlp", "cnn");

        // the page loaded nothing but itself
        assertThat(requests(page)).containsOnly(page.toAbsolutePath().toUri().toString());
        assertThat(js("return performance.getEntriesByType('resource').length")).isEqualTo(0L);

        Files.write(Paths.get("target", "report-screenshot.png"), driver.getScreenshotAs(OutputType.BYTES));
        Files.writeString(Paths.get("target", "report-open-time.txt"), String.format("%.0f ms from navigation start "
                + "to charts drawn (%s)%n", readyMs, page));
        System.out.printf("report.html: %.0f ms from navigation start to charts drawn, %d bytes%n", readyMs,
                Files.size(page));
    }

    @Test
    void comparisonPageRendersOneColourPerExperiment() throws IOException {
        Path a = OUT.resolve("a");
        Path b = OUT.resolve("b");
        ExperimentReport.write(a, "first", SyntheticExperiment.runs(1), ConvergenceCriterion.DEFAULT);
        ExperimentReport.write(b, "second", SyntheticExperiment.runs(2), ConvergenceCriterion.DEFAULT);
        Path page = OUT.resolve("comparison.html");
        HtmlReport.write(List.of(a, b), page);

        open(page);

        List<WebElement> canvases = driver.findElements(By.cssSelector("#curves .chart canvas"));
        assertThat(canvases).hasSize(3 * 2); // soft-error, error, loss × (mlp, cnn)
        assertThat(inkedPixels(canvases.get(0))).isGreaterThan(5_000);
        assertThat(requests(page)).containsOnly(page.toAbsolutePath().toUri().toString());
        Files.write(Paths.get("target", "report-comparison-screenshot.png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
