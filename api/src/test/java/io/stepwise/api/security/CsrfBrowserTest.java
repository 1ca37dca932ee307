package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.AttackerSite;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Cross-site request forgery as the attacker did it: a page served from another port of
 * localhost (same site, other origin, so {@code SameSite=Lax} cookies ride along) posts forms to
 * Stepwise through a signed-in admin's Chromium. Starting, stopping, redefining, creating an access
 * key, signing out, and creating, editing, disabling, running or deleting a schedule are all
 * refused; the app's own forms keep working.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class CsrfBrowserTest {
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";
  private static final String OTHER =
      "{\"Comment\":\"forged\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  private static AttackerSite attacker;

  @BeforeAll
  static void startTheAttackersServer() {
    attacker = new AttackerSite();
  }

  @AfterAll
  static void stopTheAttackersServer() {
    attacker.close();
  }

  private static String forgedPost(String path, Map<String, String> fields, boolean multipart) {
    return attacker.forgedPost(path, fields, multipart);
  }

  private static void visit(WebDriver driver, String url) {
    AttackerSite.visit(driver, url);
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
    ChromeDriver driver = Chromium.start();
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
      driver.get(
          attacker.page("/logout-image", "<img src=\"" + Sfn.endpoint() + "/auth/logout\">"));
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
      // The state machine page has other <details> (its triggers' form, loaded after the page).
      driver.findElement(By.id("edit-definition")).click();
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

  /**
   * The schedule pages under the same attack: a forged form neither creates a schedule nor edits,
   * disables, runs or deletes one; the schedule page's own Disable button still works.
   */
  @Test
  void anotherPortOfLocalhostCannotCreateChangeOrRunSchedules() throws Exception {
    ChromeDriver driver = Chromium.start();
    try (SfnClient sfn = LocalProfile.adminClient();
        SchedulerClient scheduler = adminScheduler()) {
      String machine = Sfn.createMachine(sfn, WAIT);
      String name = Sfn.unique("csrf-schedule");
      scheduler.createSchedule(
          b ->
              b.name(name)
                  .scheduleExpression("cron(0 3 * * ? *)")
                  .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                  .target(t -> t.arn(machine).roleArn(Sfn.ROLE)));
      String page = "/schedules/default/" + name;
      String forged = Sfn.unique("forged");
      signIn(driver);

      visit(
          driver,
          forgedPost(
              "/schedules",
              Map.of(
                  "name",
                  forged,
                  "targetArn",
                  machine,
                  "expression",
                  "rate(1 minute)",
                  "state",
                  "ENABLED"),
              false));
      assertThat(driver.getPageSource()).contains("Refused");
      visit(
          driver,
          forgedPost(
              page,
              Map.of("targetArn", machine, "expression", "rate(1 minute)", "state", "ENABLED"),
              false));
      for (String action : List.of("/disable", "/run", "/delete")) {
        visit(driver, forgedPost(page + action, Map.of(), false));
        assertThat(driver.getPageSource()).as(action).contains("Refused");
      }

      var kept = scheduler.getSchedule(b -> b.name(name));
      assertThat(kept.state()).isEqualTo(ScheduleState.ENABLED);
      assertThat(kept.scheduleExpression()).isEqualTo("cron(0 3 * * ? *)");
      assertThat(scheduler.listSchedules(b -> b.namePrefix(forged)).schedules()).isEmpty();
      assertThat(executionCount(sfn, machine)).isZero();

      // The page's own button carries the token.
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      driver.get(Sfn.endpoint() + page);
      driver.findElement(By.id("disable-button")).click();
      wait.until(ExpectedConditions.textToBe(By.id("schedule-state"), "DISABLED"));
      assertThat(scheduler.getSchedule(b -> b.name(name)).state())
          .isEqualTo(ScheduleState.DISABLED);
      assertThat(Chromium.contentSecurityPolicyViolations(driver)).isEmpty();
    } finally {
      driver.quit();
    }
  }

  private static SchedulerClient adminScheduler() {
    return SchedulerClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(LocalProfile.adminKey()))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void theSignOutAddressShowsAButtonRatherThanSigningOut() {
    ChromeDriver driver = Chromium.start();
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
