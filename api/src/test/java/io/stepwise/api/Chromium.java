package io.stepwise.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium for the server's browser tests, without Selenium Manager (which would
 * try to download). Skips the test where Chromium is missing, except under {@code CI=true}.
 */
public final class Chromium {
  private Chromium() {}

  /** A new browser with a fresh profile, 1400×1000; the caller quits it. */
  public static ChromeDriver start() throws IOException {
    boolean present =
        Files.isExecutable(Path.of("/usr/bin/chromium"))
            && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(present, "no /usr/bin/chromium and chromedriver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
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
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build(),
        options);
  }
}
