package io.stepwise.api.security;

import io.stepwise.api.Chromium;
import io.stepwise.api.Sfn;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * What the versions pages' browser tests start from: Chromium with the local admin signed in, the
 * admin's SDK client beside it, and the state machine page's publish form.
 */
final class VersionPages implements AutoCloseable {
  /** A first definition: one Pass state, Prepare. */
  static final String FIRST =
      "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"End\":true}}}";

  final ChromeDriver driver;
  final SfnClient sfn;
  final WebDriverWait wait;
  final String app;

  private VersionPages(ChromeDriver driver) {
    this.driver = driver;
    this.sfn = LocalProfile.adminClient();
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    this.app = Sfn.endpoint().toString().replaceAll("/$", "");
  }

  /** A browser with the admin signed in; the caller closes it. */
  static VersionPages signedIn() {
    ChromeDriver driver = Chromium.start();
    VersionPages pages;
    try {
      pages = new VersionPages(driver);
      LocalProfile.signIn(driver, pages.wait);
    } catch (RuntimeException | Error e) {
      driver.quit();
      throw e;
    }
    return pages;
  }

  /** Opens the state machine's page. */
  void openMachine(String name) {
    driver.get(app + "/state-machines/" + name);
  }

  /**
   * Publishes the machine's current definition from its page, with a description, and waits for the
   * new version's row.
   */
  void publishOnPage(String name, String description, int version) {
    openMachine(name);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("publish-description")))
        .sendKeys(description);
    driver.findElement(By.id("publish-button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(versionRow(version)));
  }

  static By versionRow(int version) {
    return By.cssSelector("#versions tr[data-version='" + version + "']");
  }

  @Override
  public void close() {
    try {
      sfn.close();
    } finally {
      driver.quit();
    }
  }
}
