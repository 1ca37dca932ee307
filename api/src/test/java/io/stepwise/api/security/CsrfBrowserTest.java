package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Cross-site request forgery as the attacker did it: a page served from another port of
 * localhost (same site, other origin, so {@code SameSite=Lax} cookies ride along) posts forms to
 * Stepwise through a signed-in admin's Chromium. Starting, stopping, redefining, creating an access
 * key and signing out are all refused; the app's own forms keep working.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class CsrfBrowserTest {
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";
  private static final String OTHER =
      "{\"Comment\":\"forged\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  /** The attacker's pages by path. */
  private static final Map<String, String> PAGES = new ConcurrentHashMap<>();

  private static HttpServer attacker;

  @BeforeAll
  static void startTheAttackersServer() throws Exception {
    attacker = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    attacker.createContext(
        "/",
        exchange -> {
          byte[] page =
              PAGES
                  .getOrDefault(exchange.getRequestURI().getPath(), "")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    attacker.start();
  }

  @AfterAll
  static void stopTheAttackersServer() {
    attacker.stop(0);
  }

  private static String attackerUrl(String path) {
    return "http://localhost:" + attacker.getAddress().getPort() + path;
  }

  /** An attacker's page that posts a form to Stepwise as soon as it loads. */
  private static String forgedPost(String path, Map<String, String> fields, boolean multipart) {
    StringBuilder inputs = new StringBuilder();
    fields.forEach(
        (name, value) ->
            inputs
                .append("<input type=\"hidden\" name=\"")
                .append(name)
                .append("\" value=\"")
                .append(value.replace("&", "&amp;").replace("\"", "&quot;"))
                .append("\">"));
    String page =
        "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\""
            + Sfn.endpoint()
            + path
            + "\""
            + (multipart ? " enctype=\"multipart/form-data\"" : "")
            + ">"
            + inputs
            + "</form><script>document.getElementById('f').submit()</script></body></html>";
    String at = "/attack-" + PAGES.size();
    PAGES.put(at, page);
    return attackerUrl(at);
  }

  private static void visit(WebDriver driver, String url) {
    driver.get(url);
    // The forged form navigates the tab to Stepwise's answer.
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> d.getCurrentUrl().startsWith(Sfn.endpoint().toString()));
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> !d.findElements(By.tagName("body")).isEmpty());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void signIn(WebDriver driver) {
    driver.get(Sfn.endpoint() + "/auth/login");
    driver.findElement(By.id("password")).sendKeys(LocalProfile.adminPassword());
    driver.findElement(By.id("sign-in")).click();
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));
  }

  private static int executionCount(SfnClient sfn, String machine) {
    return sfn.listExecutions(b -> b.stateMachineArn(machine)).executions().size();
  }

  private static int keyCount(WebDriver driver) {
    driver.get(Sfn.endpoint() + "/security/keys");
    return driver.findElements(By.className("key-id")).size();
  }

  @Test
  void anotherPortOfLocalhostCannotActThroughTheSignedInAdminsBrowser() throws Exception {
    ChromeDriver driver = Chromium.start("csrf-chromium");
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String name = Sfn.unique("csrf");
      String machine =
          sfn.createStateMachine(b -> b.name(name).definition(WAIT).roleArn(Sfn.ROLE))
              .stateMachineArn();
      String running = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
      signIn(driver);
      int keys = keyCount(driver);

      visit(
          driver,
          forgedPost("/executions", Map.of("stateMachineArn", machine, "input", "{}"), false));
      assertThat(driver.getPageSource()).contains("Refused");
      visit(driver, forgedPost("/executions/" + enc(running) + "/stop", Map.of(), false));
      visit(driver, forgedPost("/state-machines/" + name, Map.of("definition", OTHER), true));
      visit(driver, forgedPost("/security/keys", Map.of("owner", "user"), false));
      // A link or an image to the sign-out address on another site does not end the session.
      PAGES.put("/logout-image", "<img src=\"" + Sfn.endpoint() + "/auth/logout\">");
      driver.get(attackerUrl("/logout-image"));
      visit(driver, forgedPost("/auth/logout", Map.of(), false));

      assertThat(executionCount(sfn, machine)).isEqualTo(1);
      assertThat(sfn.describeExecution(b -> b.executionArn(running)).status())
          .isEqualTo(ExecutionStatus.RUNNING);
      assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition())
          .isEqualTo(WAIT);
      assertThat(keyCount(driver)).as("no key was made").isEqualTo(keys);
      driver.get(Sfn.endpoint() + "/auth/me");
      assertThat(driver.getPageSource()).contains("\"name\":\"admin\"");

      // The app's own forms, in the same browser, still work.
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      driver.get(Sfn.endpoint() + "/state-machines/" + name);
      driver.findElement(By.id("start-button")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("stop-button")));
      assertThat(executionCount(sfn, machine)).isEqualTo(2);
      // The live summary (SSE) may redraw the button between finding and clicking it.
      wait.until(
          d -> {
            try {
              d.findElement(By.id("stop-button")).click();
              return true;
            } catch (StaleElementReferenceException e) {
              return false;
            }
          });
      wait.until(ExpectedConditions.alertIsPresent()).accept();
      wait.until(d -> d.findElements(By.id("stop-button")).isEmpty());
      assertThat(
              sfn.listExecutions(b -> b.stateMachineArn(machine)).executions().stream()
                  .map(e -> e.status())
                  .toList())
          .containsExactlyInAnyOrder(ExecutionStatus.RUNNING, ExecutionStatus.ABORTED);

      driver.get(Sfn.endpoint() + "/state-machines/" + name);
      driver.findElement(By.cssSelector("details summary")).click();
      var definition = driver.findElement(By.cssSelector("#update-form textarea[name=definition]"));
      definition.clear();
      definition.sendKeys(OTHER);
      driver.findElement(By.id("update-button")).click();
      wait.until(
          d ->
              sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition().equals(OTHER));

      driver.get(Sfn.endpoint() + "/security/keys");
      driver.findElement(By.id("create-key")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
      assertThat(keyCount(driver)).isEqualTo(keys + 1);

      // Every page used so far ran under the Content Security Policy; now the rest of the UI.
      String stopped =
          sfn.listExecutions(b -> b.stateMachineArn(machine)).executions().stream()
              .filter(e -> e.status() == ExecutionStatus.ABORTED)
              .findFirst()
              .orElseThrow()
              .executionArn();
      for (String page :
          List.of(
              "/executions",
              "/executions/" + enc(stopped),
              "/executions/" + enc(stopped) + "/moment?event=2",
              "/executions/new?from=" + enc(stopped),
              "/state-machines",
              "/approvals/inbox",
              "/security/audit")) {
        driver.get(Sfn.endpoint() + page);
        wait.until(
            d -> ((ChromeDriver) d).executeScript("return document.readyState").equals("complete"));
      }
      assertThat(Chromium.contentSecurityPolicyViolations(driver)).isEmpty();

      driver.get(Sfn.endpoint() + "/state-machines");
      driver.findElement(By.id("sign-out")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
      driver.get(Sfn.endpoint() + "/auth/me");
      assertThat(driver.getPageSource()).contains("\"name\":\"anonymous\"");
    } finally {
      driver.quit();
    }
  }

  @Test
  void theSignOutAddressShowsAButtonRatherThanSigningOut() {
    ChromeDriver driver = Chromium.start("csrf-chromium");
    try {
      signIn(driver);
      driver.get(Sfn.endpoint() + "/auth/logout");
      new WebDriverWait(driver, Duration.ofSeconds(20))
          .until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out-confirm")));
      driver.get(Sfn.endpoint() + "/auth/me");
      assertThat(driver.getPageSource()).contains("\"name\":\"admin\"");
      driver.get(Sfn.endpoint() + "/auth/logout");
      driver.findElement(By.id("sign-out-confirm")).click();
      new WebDriverWait(driver, Duration.ofSeconds(20))
          .until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
      driver.get(Sfn.endpoint() + "/auth/me");
      assertThat(driver.getPageSource()).doesNotContain("\"name\":\"admin\"");
    } finally {
      driver.quit();
    }
  }
}
