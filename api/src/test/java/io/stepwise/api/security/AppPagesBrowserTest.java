package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 24 in the assembled server (security on, local admin), in Chromium: the sign-in,
 * access-key, audit, approvals and not-found pages are pages of the app (one header, a way back),
 * the header leads a signed-in admin to the access keys and the audit log (items 8 and 10), and a
 * definition over Quarkus's default 2 KB form limit is checked as it is typed (item 1, with the
 * server's own configuration).
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class AppPagesBrowserTest {
  @jakarta.inject.Inject AuditLog audit;

  private static List<String> column(ChromeDriver driver, int index) {
    return driver
        .findElements(By.cssSelector("#audit tbody tr td:nth-child(" + index + ")"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  /**
   * Item 8: the audit log filters by actor, action, resource and outcome, pages, and leaves
   * workers' routine calls out unless asked for.
   */
  @Test
  void theAuditLogFiltersPagesAndLeavesRoutineCallsOut() throws Exception {
    Caller worker =
        new Caller(
            "AKIAWORKER", Caller.Kind.ACCESS_KEY, Set.of(Role.OPERATOR), Set.of(), "10.0.0.9");
    Caller ann =
        new Caller("ann-auditee", Caller.Kind.OIDC, Set.of(Role.EDITOR), Set.of(), "10.0.0.1");
    for (int i = 0; i < 5; i++) {
      audit.record(
          worker, "GetActivityTask", "arn:aws:states:us-east-1:123456789012:activity:a", "ok", "");
    }
    audit.record(
        ann,
        "CreateStateMachine",
        "arn:aws:states:us-east-1:123456789012:stateMachine:audited",
        "ok",
        "");
    for (int i = 0; i < 120; i++) {
      audit.record(
          worker,
          "StartExecution",
          "arn:aws:states:us-east-1:123456789012:stateMachine:bulk-" + i,
          "ok",
          "");
    }
    ChromeDriver driver = Chromium.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      String app = Sfn.endpoint().toString().replaceAll("/$", "");
      LocalProfile.signIn(driver, wait);
      driver.get(app + "/security/audit?actor=ann-auditee");
      wait.until(d -> column(driver, 4).contains("CreateStateMachine"));
      assertThat(column(driver, 2)).allMatch(a -> a.contains("ann-auditee"));

      driver.get(app + "/security/audit?actor=AKIAWORKER");
      assertThat(column(driver, 4)).doesNotContain("GetActivityTask").contains("StartExecution");
      assertThat(column(driver, 4)).hasSize(100);
      driver.findElement(By.id("audit-older")).click();
      wait.until(d -> column(driver, 4).size() < 100);
      assertThat(column(driver, 4)).hasSize(20).containsOnly("StartExecution");

      driver.get(app + "/security/audit?actor=AKIAWORKER&action=GetActivityTask&routine=true");
      assertThat(column(driver, 4)).hasSize(5).containsOnly("GetActivityTask");
      driver.get(app + "/security/audit?resource=stateMachine:audited&outcome=ok");
      assertThat(column(driver, 5)).singleElement().asString().endsWith("stateMachine:audited");
    } finally {
      driver.quit();
    }
  }

  private static List<String> navigation(ChromeDriver driver) {
    return driver.findElements(By.cssSelector("header.top nav a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  void everyPageIsAPageOfTheAppAndTheHeaderLeadsToKeysAndAudit() throws Exception {
    ChromeDriver driver = Chromium.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      String app = Sfn.endpoint().toString().replaceAll("/$", "");
      driver.get(app + "/auth/login");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
      assertThat(navigation(driver)).contains("Executions", "State machines", "Approvals");
      LocalProfile.signIn(driver, wait);

      // The app's header leads a signed-in admin to the access keys and the audit log.
      driver.get(app + "/executions");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));
      assertThat(navigation(driver)).contains("Access keys", "Audit log");
      driver.findElement(By.id("nav-keys")).click();
      wait.until(ExpectedConditions.urlContains("/security/keys"));
      assertThat(navigation(driver)).contains("Executions", "Audit log");
      assertThat(driver.findElements(By.cssSelector("a.skip-link"))).hasSize(1);
      driver.findElement(By.id("nav-audit")).click();
      wait.until(ExpectedConditions.urlContains("/security/audit"));
      assertThat(navigation(driver)).contains("Executions", "Access keys");

      driver.get(app + "/approvals/inbox");
      assertThat(navigation(driver)).contains("Executions", "State machines");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Approvals");

      driver.get(app + "/no-such-page");
      assertThat(driver.findElement(By.id("not-found")).getText()).isEqualTo("Not found");
      assertThat(navigation(driver)).contains("Executions");

      // Item 1 with the server's own settings: a 5 KB definition is checked as it is typed.
      driver.get(app + "/state-machines");
      String comment = "c".repeat(5000);
      ((JavascriptExecutor) driver)
          .executeScript(
              "var f = document.getElementById('definition'); f.value = arguments[0];"
                  + " f.dispatchEvent(new Event('input', {bubbles: true}));",
              "{\"Comment\": \""
                  + comment
                  + "\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\","
                  + " \"End\": true}}}");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("definition-ok")));
      Chromium.screenshot(driver, "app-pages.png");
    } finally {
      driver.quit();
    }
  }
}
