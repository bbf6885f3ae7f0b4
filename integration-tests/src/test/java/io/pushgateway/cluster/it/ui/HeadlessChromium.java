package io.pushgateway.cluster.it.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The installed Chromium, headless, driven through the installed chromedriver. Both paths are
 * given to Selenium explicitly, so it never looks for (or downloads) a browser or driver of its
 * own; where either is missing the test is skipped with what to install.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Paths.get(System.getProperty("it.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Paths.get(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test unless Chromium and chromedriver are installed. */
    static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                () -> "needs " + CHROMIUM + " and " + CHROMEDRIVER + ": `apt-get install chromium chromium-driver`"
                        + " (or pass -Dit.chromium=<path> -Dit.chromedriver=<path>)");
    }

    static HeadlessChromium start() {
        assumeInstalled();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--window-size=1280,860");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver);
    }

    /** Saves what the window shows as a PNG. */
    Path screenshot(Path file) {
        return screenshot(file, null);
    }

    /** Saves what the window shows as a PNG, the window resized to this height for it. */
    Path screenshot(Path file, Integer height) {
        Dimension size = driver.manage().window().getSize();
        if (height != null) {
            driver.manage().window().setSize(new Dimension(size.getWidth(), height));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            System.out.println("[ui] screenshot " + file.toAbsolutePath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
