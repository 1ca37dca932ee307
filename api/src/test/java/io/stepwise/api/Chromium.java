package io.stepwise.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for the server's browser tests, without Selenium Manager (which would
 * try to download). Skips the test where Chromium is missing, except under {@code CI=true}. The
 * browser's console is kept, so a test can ask what the Content Security Policy refused.
 */
public final class Chromium {
  private Chromium() {}

  /** A new browser with a fresh profile, 1400×1000; the caller quits it. */
  public static ChromeDriver start() {
    boolean present =
        Files.isExecutable(Path.of("/usr/bin/chromium"))
            && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(
          present,
          "no /usr/bin/chromium and chromedriver (apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    try {
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--window-size=1400,1000",
          "--user-data-dir=" + Files.createTempDirectory("stepwise-chromium"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build(),
        options);
  }

  /** What the console said since the last call about scripts or styles the policy refused. */
  public static List<String> contentSecurityPolicyViolations(ChromeDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy"))
        .toList();
  }

  /**
   * The text of the element {@code by} finds, found again whenever a live section (swapped by the
   * page's server-sent changes) replaced it between the lookup and the read.
   */
  public static String text(WebDriverWait wait, By by) {
    return wait.ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(by).getText());
  }

  /** Saves what the browser shows as {@code target/screenshots/<file>} (for docs and reviews). */
  public static void screenshot(ChromeDriver driver, String file) {
    try {
      Path shot = Path.of("target", "screenshots", file);
      Files.createDirectories(shot.getParent());
      Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
