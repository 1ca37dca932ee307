package io.stepwise.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium shared by this module's browser tests (started on first use, quit
 * when the JVM ends), with what they all need: waiting, setting a field's value as typing would,
 * screenshots under {@code target/screenshots}, and an axe-core accessibility check. Where Chromium
 * is missing a test is skipped with one line saying so, except under {@code CI=true}, where that is
 * a failure.
 */
public final class Chromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Dimension DESKTOP = new Dimension(1400, 1000);

  /** A phone in portrait, as issue 24 tried it. */
  public static final Dimension PHONE = new Dimension(390, 844);

  private static ChromeDriver driver;

  private Chromium() {}

  /** The browser, started on first use, at desktop size. */
  public static synchronized ChromeDriver driver() {
    if (driver != null) return driver;
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but Chromium/chromedriver are not installed");
      }
      System.out.println(
          "Browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver missing");
    }
    Assumptions.assumeTrue(present, "Chromium is not installed");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
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
          "--user-data-dir=" + Files.createTempDirectory("stepwise-chromium"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(DESKTOP);
    Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
    return driver;
  }

  /** Waits up to ten seconds; live updates replace elements, so a stale one is looked up again. */
  public static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver(), Duration.ofSeconds(10));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  public static Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver()).executeScript(js, args);
  }

  /** Sets a field's value and fires the event htmx listens for (typing a whole text is slow). */
  public static void setValue(WebElement field, String value) {
    script(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        field,
        value);
  }

  /** Writes a screenshot of the window to {@code target/screenshots/NAME.png}. */
  public static void screenshot(String name) {
    try {
      Path target = Path.of("target", "screenshots", name + ".png");
      Files.createDirectories(target.getParent());
      Files.write(target, driver().getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static WebElement find(String css) {
    return driver().findElement(By.cssSelector(css));
  }

  /**
   * Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the current page and fails with every violation
   * it finds, each with the elements it is about.
   */
  public static void assertAccessible(String page) {
    assertThat(axeViolations()).as("axe-core violations on " + page).isEmpty();
  }

  /** What axe-core finds on the current page against WCAG 2.0–2.2 A and AA, one line each. */
  @SuppressWarnings("unchecked")
  public static List<String> axeViolations() {
    script(axeSource());
    Object result =
        ((JavascriptExecutor) driver())
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + " axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                    + " 'wcag21a', 'wcag21aa', 'wcag22aa']}}).then(function (r) {"
                    + " done(r.violations.map(function (v) { return v.id + ': ' + v.help + ' — '"
                    + " + v.nodes.slice(0, 5).map(function (n) { return n.target.join(' ')"
                    + " + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')'; })"
                    + ".join('; '); })); }, function (e) { done(['axe failed: ' + e]); });");
    return (List<String>) result;
  }

  private static String axe;

  private static synchronized String axeSource() {
    if (axe != null) return axe;
    try (InputStream in = Chromium.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) throw new IllegalStateException("axe.min.js is not on the test classpath");
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return axe;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's width as laid out: wider than the window means sideways scrolling. */
  public static long documentWidth() {
    return (Long) script("return document.documentElement.scrollWidth;");
  }
}
