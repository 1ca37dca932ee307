package io.stepwise.api.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.AttackerSite;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.security.LocalProfile;
import io.stepwise.api.service.Signatures;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 21's pages in Chromium, signed in as the local admin: a state machine's webhook triggers
 * (created with the URL and secret shown once, called with a real signature, rotated, deleted);
 * subscriptions (the pattern checked as it is typed, a line saying what is wrong; a webhook to a
 * receiver that fails; the delivery log with each attempt's status; a failed delivery sent again);
 * every name escaped; and forms posted from another origin without the page's CSRF token refused.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class NotificationPagesBrowserTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final String HOSTILE = "<img src=x id=injected>";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static NotificationTargets targets;
  private static Receiver receiver;
  private static AttackerSite attacker;

  @Inject Database db;

  @BeforeAll
  static void listen() throws Exception {
    targets = NotificationTargets.start();
    receiver = targets.receiver;
    attacker = new AttackerSite();
  }

  @AfterAll
  static void stop() {
    targets.close();
    attacker.close();
  }

  private static String app() {
    return Sfn.endpoint().toString().replaceAll("/$", "");
  }

  private static int callHook(String url, String secret, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Signatures.sha256(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void confirmNext(ChromeDriver driver) {
    // forms.js asks data-confirm questions with window.confirm: answer yes.
    driver.executeScript("window.confirm = function () { return true; };");
  }

  @Test
  void anEditorCreatesRotatesAndDeletesATriggerSeeingTheSecretOnce() throws Exception {
    ChromeDriver driver = Chromium.start();
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String name = Sfn.unique("hooked");
      sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(Sfn.ROLE));
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      LocalProfile.signIn(driver, wait);

      driver.get(app() + "/state-machines/" + name);
      wait.until(
              ExpectedConditions.presenceOfElementLocated(By.cssSelector("#new-trigger summary")))
          .click();
      driver.findElement(By.id("trigger-name")).sendKeys("from git " + HOSTILE);
      driver.findElement(By.id("trigger-create")).click();
      String url =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trigger-url"))).getText();
      String secret = driver.findElement(By.id("trigger-secret")).getText();
      assertThat(secret).hasSizeGreaterThan(30);
      assertThat(url).startsWith(app() + "/hooks/");
      assertThat(driver.findElement(By.tagName("h1")).getText()).contains(HOSTILE);
      assertThat(driver.findElements(By.id("injected"))).isEmpty();
      assertThat(callHook(url, secret, "{\"ref\":\"main\"}")).isEqualTo(201);

      // Listed on the machine page, escaped, without its secret.
      driver.findElement(By.id("back-to-machine")).click();
      WebElement row =
          wait.until(
              ExpectedConditions.presenceOfElementLocated(
                  By.cssSelector("#triggers-list tr[data-trigger]")));
      assertThat(row.findElement(By.className("trigger-name")).getText())
          .isEqualTo("from git " + HOSTILE);
      assertThat(driver.findElements(By.id("injected"))).isEmpty();
      assertThat(driver.getPageSource()).doesNotContain(secret);
      Path shot = Path.of("target", "screenshots", "triggers.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));

      // Rotation shows a new secret once; the old one stops working.
      confirmNext(driver);
      row.findElement(By.className("rotate-trigger")).click();
      String rotated =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trigger-secret")))
              .getText();
      assertThat(rotated).isNotEqualTo(secret).hasSizeGreaterThan(30);
      assertThat(callHook(url, secret, "{}")).isEqualTo(401);
      assertThat(callHook(url, rotated, "{}")).isEqualTo(201);

      driver.findElement(By.id("back-to-machine")).click();
      WebElement again =
          wait.until(
              ExpectedConditions.presenceOfElementLocated(
                  By.cssSelector("#triggers-list tr[data-trigger] .delete-trigger")));
      confirmNext(driver);
      again.click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("triggers-list"), "No triggers."));
      assertThat(callHook(url, rotated, "{}")).isEqualTo(401);
    } finally {
      driver.quit();
    }
  }

  @Test
  void aSubscriptionsPatternIsCheckedAsTypedAndItsDeliveryLogReplaysAFailure() throws Exception {
    ChromeDriver driver = Chromium.start();
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String machine = Sfn.createMachine(sfn, PASS);
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      LocalProfile.signIn(driver, wait);
      String path = "/ui-" + Sfn.unique("flaky");
      receiver.failFirst(path, 1_000);

      driver.get(app() + "/subscriptions");
      WebElement pattern =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subscription-pattern")));
      pattern.sendKeys("{\"detail\": {\"status\": \"FAILED\"}}");
      WebElement problem =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pattern-problem")));
      assertThat(problem.getText()).contains("$.detail.status");
      pattern.clear();
      pattern.sendKeys("{\"detail\": {\"stateMachineArn\": [\"" + machine + "\"]}}");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pattern-ok")));
      driver.findElement(By.id("subscription-name")).sendKeys("ops " + HOSTILE);
      driver
          .findElement(By.id("subscription-url"))
          .sendKeys("http://127.0.0.1:" + NotificationProfile.RECEIVER_PORT + path);
      driver.findElement(By.id("subscription-create")).click();
      String secret =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subscription-secret")))
              .getText();
      assertThat(secret).hasSizeGreaterThan(30);
      assertThat(driver.findElements(By.id("injected"))).isEmpty();
      driver.findElement(By.id("to-subscription")).click();
      wait.until(ExpectedConditions.urlContains("/subscriptions/"));
      String subscriptionUrl = driver.getCurrentUrl();
      assertThat(driver.getPageSource()).doesNotContain(secret);

      String execution = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
      Sfn.awaitEnd(sfn, execution, Duration.ofSeconds(10));
      // Two events (RUNNING, SUCCEEDED) fail until the first gives up: made old enough here.
      awaitTrue(() -> receiver.at(path).size() >= 2, "the receiver refused the first event twice");
      db.query(
          "UPDATE notification_deliveries d SET created_at = now() - interval '25 hours'"
              + " FROM notification_subscriptions s WHERE s.id = d.subscription_id"
              + " AND s.webhook_url LIKE $1",
          "%" + path);
      driver.get(subscriptionUrl);
      WebElement failed =
          awaitRow(driver, wait, subscriptionUrl, "tr[data-delivery][data-state='FAILED']");
      assertThat(failed.getText()).contains(execution.substring(execution.lastIndexOf(':') + 1));
      assertThat(failed.findElements(By.className("attempt")))
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.getText()).contains("HTTP 500"));
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("ops " + HOSTILE);
      assertThat(driver.findElements(By.id("injected"))).isEmpty();

      receiver.failFirst(path, 0);
      String id = failed.getAttribute("data-delivery");
      failed.findElement(By.className("replay")).click();
      WebElement delivered =
          awaitRow(
              driver,
              wait,
              subscriptionUrl,
              "tr[data-delivery='" + id + "'][data-state='DELIVERED']");
      List<String> attempts =
          delivered.findElements(By.className("attempt")).stream()
              .map(WebElement::getText)
              .toList();
      assertThat(attempts.getLast()).contains("HTTP 200");
      assertThat(attempts.subList(0, attempts.size() - 1))
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a).contains("HTTP 500"));
      Path shot = Path.of("target", "screenshots", "delivery-log.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));

      // Listed under Notifications; deleting it from its page removes it.
      driver.get(subscriptionUrl);
      confirmNext(driver);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subscription-delete"))).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subscriptions-list")));
      assertThat(driver.findElement(By.id("subscriptions-list")).getText())
          .doesNotContain("ops " + HOSTILE);
    } finally {
      driver.quit();
    }
  }

  /** Reloads the page until the row is there (deliveries happen in the background). */
  private static WebElement awaitRow(WebDriver driver, WebDriverWait wait, String url, String css)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<WebElement> rows = driver.findElements(By.cssSelector(css));
      if (!rows.isEmpty()) return rows.getFirst();
      if (System.nanoTime() > deadline) throw new AssertionError("no row " + css + " on " + url);
      Thread.sleep(300);
      driver.get(url);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("delivery-log")));
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    NotificationTargets.await(what, Duration.ofSeconds(30), done);
  }

  /** Opens the attacker's page and waits for Stepwise's answer to its form: a refusal. */
  private static void visitForged(WebDriver driver, String url) {
    AttackerSite.visit(driver, url);
    try {
      new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(d -> d.getPageSource().contains("Refused"));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("not refused: " + driver.getPageSource(), e);
    }
  }

  private static String forgedPost(String path, Map<String, String> fields) {
    return attacker.forgedPost(path, fields, false);
  }

  /**
   * A POST from the app's own origin (past the same-origin check) that leaves the page's CSRF token
   * out, as a script injected into the page would: the status and the body.
   */
  private static String postWithoutToken(ChromeDriver driver, String path, String form) {
    return String.valueOf(
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type':"
                + " 'application/x-www-form-urlencoded'}, body: arguments[1]})"
                + ".then(r => r.text().then(t => done(r.status + ' ' + t)),"
                + " e => done('failed ' + e));",
            path,
            form));
  }

  private long count(String sql, Object... args) {
    return db.query(sql, args).iterator().next().getLong(0);
  }

  @Test
  void formsPostedFromAnotherSiteWithoutTheTokenAreRefused() throws Exception {
    ChromeDriver driver = Chromium.start();
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String name = Sfn.unique("forged");
      String machine =
          sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(Sfn.ROLE))
              .stateMachineArn();
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      LocalProfile.signIn(driver, wait);
      String forgedName = Sfn.unique("forged-sub");

      visitForged(
          driver,
          forgedPost(
              "/subscriptions",
              Map.of(
                  "name", forgedName,
                  "targetKind", "email",
                  "emailTo", "attacker@example.com")));
      assertThat(
              count("SELECT count(*) FROM notification_subscriptions WHERE name = $1", forgedName))
          .isZero();

      visitForged(
          driver,
          forgedPost("/state-machines/" + name + "/triggers", Map.of("triggerName", "forged")));
      assertThat(
              count("SELECT count(*) FROM webhook_triggers WHERE state_machine_arn = $1", machine))
          .isZero();

      // The same forms from the app's own pages work (the token rides along).
      driver.get(app() + "/subscriptions");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subscription-name")))
          .sendKeys(forgedName);
      driver.findElement(By.id("target-email")).click();
      driver.findElement(By.id("subscription-mail")).sendKeys("ops@example.com");
      driver.findElement(By.id("subscription-create")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("to-subscription")));
      String id =
          db.query("SELECT id FROM notification_subscriptions WHERE name = $1", forgedName)
              .iterator()
              .next()
              .getString("id");

      visitForged(driver, forgedPost("/subscriptions/" + id + "/delete", Map.of()));
      assertThat(count("SELECT count(*) FROM notification_subscriptions WHERE id = $1", id))
          .isOne();

      // From the app's own origin, without the token: the CSRF check refuses each change.
      driver.get(app() + "/subscriptions");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subscriptions-list")));
      String tokenless = Sfn.unique("tokenless");
      assertThat(
              postWithoutToken(
                  driver,
                  "/subscriptions",
                  "name=" + tokenless + "&targetKind=email&emailTo=a%40example.com"))
          .startsWith("403 ")
          .contains("csrf-refused");
      assertThat(postWithoutToken(driver, "/subscriptions/" + id + "/delete", ""))
          .startsWith("403 ")
          .contains("csrf-refused");
      assertThat(
              postWithoutToken(
                  driver, "/state-machines/" + name + "/triggers", "triggerName=tokenless"))
          .startsWith("403 ")
          .contains("csrf-refused");
      assertThat(
              count("SELECT count(*) FROM notification_subscriptions WHERE name = $1", tokenless))
          .isZero();
      assertThat(count("SELECT count(*) FROM notification_subscriptions WHERE id = $1", id))
          .isOne();
      assertThat(
              count("SELECT count(*) FROM webhook_triggers WHERE state_machine_arn = $1", machine))
          .isZero();
    } finally {
      driver.quit();
    }
  }
}
