package io.stepwise.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.DispatchedTask;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's path in a real browser (headless Debian Chromium): the link from the received mail,
 * the confirm page, the confirmation. Skipped with a note when Chromium is missing, unless CI=true.
 */
@QuarkusTest
@QuarkusTestResource(TestPostgres.class)
@QuarkusTestResource(TestMailServer.class)
class ApprovalBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static WebDriver browser;
  private static Path profile;

  @TestHTTPResource("/")
  URL root;

  @Inject ApprovalTaskHandler handler;
  @Inject RecordingTaskTokens tokens;
  @Inject ApprovalStore store;

  @BeforeAll
  static void startBrowser() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI needs Chromium: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(
        present,
        "browser test skipped: no /usr/bin/chromium (apt-get install chromium chromium-driver)");
    profile = Files.createTempDirectory("approvals-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) browser.quit();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void clickingTheMailedLinkAndConfirmingApproves() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String to = "browser-" + id + "@example.com";
    String token = "/0#browser-" + id;
    handler.dispatched(
        new DispatchedTask(
            token,
            ApprovalTaskHandler.RESOURCE,
            "Approve deploy",
            "arn:aws:states:us-east-1:123456789012:execution:deploy:" + id,
            null,
            "{\"To\": \"" + to + "\", \"Subject\": \"Deploy " + id + "?\", \"AllowComment\": true}",
            null,
            null));
    String url = MailedLinks.links(MailedLinks.awaitMail(to)).get("Approve");

    browser.get(url);
    assertThat(browser.findElement(By.id("choice")).getText()).isEqualTo("Approve");
    assertThat(tokens.calls(token)).isEmpty();
    browser.findElement(By.id("comment")).sendKeys("ship it");
    browser.findElement(By.id("confirm")).click();
    // The click returns before the next page has loaded.
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.id("outcome")).isEmpty());

    assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Decision recorded");
    assertThat(browser.findElement(By.id("decided-by")).getText()).isEqualTo(to);
    assertThat(tokens.calls(token))
        .singleElement()
        .satisfies(c -> assertThat(c.output()).contains("\"comment\":\"ship it\""));
    assertThat(store.approvalForToken(token).orElseThrow().status())
        .isEqualTo(ApprovalStatus.DECIDED);

    browser.get(url);
    assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Already decided");
    assertThat(tokens.calls(token)).hasSize(1);
  }

  /**
   * Issue 22: a decider on a phone (390 x 844) fills an approval's form (a number, a choice from a
   * list, a date, a checkbox) on the confirm page, every field with its label, and decides; the
   * page needs no sideways scrolling and the output carries the typed values.
   */
  @Test
  void aFormIsFilledOnAPhoneSizedScreenAndDecides() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String to = "phone-" + id + "@example.com";
    String token = "/0#phone-" + id;
    handler.dispatched(
        new DispatchedTask(
            token,
            ApprovalTaskHandler.RESOURCE,
            "Approve payment",
            "arn:aws:states:us-east-1:123456789012:execution:pay:" + id,
            null,
            "{\"To\": \""
                + to
                + "\", \"Subject\": \"Pay invoice "
                + id
                + "?\", \"Fields\": {\"type\": \"object\", \"properties\": {"
                + "\"amount\": {\"type\": \"number\", \"title\": \"Amount (EUR)\", \"minimum\": 0},"
                + "\"costCentre\": {\"type\": \"string\", \"title\": \"Cost centre\","
                + " \"enum\": [\"ops\", \"sales\"]},"
                + "\"payOn\": {\"type\": \"string\", \"format\": \"date\", \"title\": \"Pay on\"},"
                + "\"urgent\": {\"type\": \"boolean\", \"title\": \"Urgent\"}},"
                + " \"required\": [\"amount\", \"costCentre\"]}}",
            null,
            null));
    String url = MailedLinks.links(MailedLinks.awaitMail(to)).get("Approve");

    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      browser.get(url);
      // Every input is named by its label (what a screen reader reads out).
      for (String label : List.of("Amount (EUR)", "Cost centre", "Pay on", "Urgent")) {
        WebElement l =
            browser.findElement(
                By.xpath("//label[starts-with(normalize-space(.), '" + label + "')]"));
        assertThat(browser.findElement(By.id(l.getAttribute("for"))).isDisplayed()).isTrue();
      }
      assertThat(
              (Boolean)
                  ((JavascriptExecutor) browser)
                      .executeScript(
                          "return document.documentElement.scrollWidth <= window.innerWidth"))
          .as("no sideways scrolling on a phone")
          .isTrue();
      browser.findElement(By.id("field-c-amount")).sendKeys("250.75");
      new Select(browser.findElement(By.id("field-c-costCentre"))).selectByVisibleText("sales");
      ((JavascriptExecutor) browser)
          .executeScript(
              "arguments[0].value = '2026-12-31'", browser.findElement(By.id("field-c-payOn")));
      browser.findElement(By.cssSelector("label[for='field-c-urgent']")).click();
      browser.findElement(By.id("confirm")).click();
      new WebDriverWait(browser, Duration.ofSeconds(10))
          .until(d -> !d.findElements(By.id("outcome")).isEmpty());

      assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Decision recorded");
      JsonNode fields = Json.parseTrusted(tokens.calls(token).getFirst().output()).get("fields");
      assertThat(fields.get("amount").decimalValue()).isEqualByComparingTo("250.75");
      assertThat(fields.get("costCentre").asText()).isEqualTo("sales");
      assertThat(fields.get("payOn").asText()).isEqualTo("2026-12-31");
      assertThat(fields.get("urgent").asBoolean()).isTrue();
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  /**
   * Issue 24, item 6: a signed-in admin who was not asked follows the execution's note to the inbox
   * and reads who was asked and how they decide; executions are named, not shown as ARNs.
   */
  @Test
  void theInboxSaysWhoWasAskedAndHowToDecideAndNamesExecutions() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String executionArn = "arn:aws:states:us-east-1:123456789012:execution:orders:order-" + id;
    handler.dispatched(
        new DispatchedTask(
            "/0#inbox-" + id,
            ApprovalTaskHandler.RESOURCE,
            "Approve order",
            executionArn,
            null,
            "{\"To\": \"boss-"
                + id
                + "@example.com\", \"Groups\": [\"finance\"],"
                + " \"Subject\": \"Ship order "
                + id
                + "?\"}",
            null,
            null));
    // Signed in as the server's guard would sign in an admin whose address is not in To.
    ChromeDriver chrome = (ChromeDriver) browser;
    chrome.executeCdpCommand("Network.enable", Map.of());
    chrome.executeCdpCommand(
        "Network.setExtraHTTPHeaders",
        Map.of(
            "headers",
            Map.of(
                TestSignIn.USER, "ada",
                TestSignIn.GROUPS, "admin",
                TestSignIn.ADDRESSES, "ada@example.com")));
    try {
      browser.get(
          root.toString().replaceAll("/$", "")
              + "/approvals/inbox?execution="
              + URLEncoder.encode(executionArn, StandardCharsets.UTF_8));
      assertThat(browser.findElement(By.id("execution-filter")).getText())
          .contains("order-" + id)
          .doesNotContain("arn:aws:states");
      var row = browser.findElement(By.cssSelector("#pending tr.approval"));
      assertThat(row.findElement(By.cssSelector("a.execution")).getText()).isEqualTo("order-" + id);
      String how = row.findElement(By.cssSelector(".how-to-decide")).getText();
      assertThat(how)
          .contains("boss-" + id + "@example.com")
          .contains("finance")
          .contains("link in their mail")
          .contains("You (ada) are not one of them");
      assertThat(browser.getPageSource()).doesNotContain(">" + executionArn + "<");
    } finally {
      chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
    }
  }
}
