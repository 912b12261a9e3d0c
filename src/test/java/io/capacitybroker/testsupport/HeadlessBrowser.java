package io.capacitybroker.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the portal's end-to-end
 * tests. {@code src/main/scripts/browser.sh} installs both when they are missing and the tests run
 * as root (as CI does), and otherwise fails naming the packages: no test is skipped for want of a
 * browser. Selenium never downloads a browser or a driver here: both paths are given.
 *
 * <p>Each instance is a fresh browser with a fresh profile (no cookies, no cache), closed by
 * {@link #close()}; screenshots go to {@code target/portal-screenshots/}.
 */
public final class HeadlessBrowser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    private static final long INSTALL_TIMEOUT_MINUTES = 15;
    private static volatile List<String> paths;

    private final ChromeDriver driver;
    private final Path profile;

    public HeadlessBrowser(int width, int height) {
        List<String> binaries = binaries();
        try {
            profile = Files.createTempDirectory("cb-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(binaries.get(0)).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(binaries.get(1))).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Lets the browser save downloads (a link with {@code Content-Disposition: attachment}) into
     * {@code directory} without asking; headless Chromium refuses downloads otherwise.
     */
    public void downloadInto(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
    }

    /** Writes the page as it looks now to {@code target/portal-screenshots/NAME.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A full-length screenshot: the window grows to the page's height first. */
    public Path fullPageScreenshot(String name) {
        var size = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(size.getWidth(), Math.max(size.getHeight(), height.intValue())));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile.toFile());
        }
    }

    /** The chromium and chromedriver paths, from browser.sh (which installs them when it may). */
    private static List<String> binaries() {
        if (paths == null) {
            synchronized (HeadlessBrowser.class) {
                if (paths == null) {
                    String out = Scripts.run("src/main/scripts/browser.sh", Map.of(), INSTALL_TIMEOUT_MINUTES);
                    paths = out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
                    if (paths.size() != 2) throw new IllegalStateException("browser.sh printed " + paths + ", not two paths");
                }
            }
        }
        return paths;
    }

    private static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) for (File child : children) deleteRecursively(child);
        file.delete();
    }
}
