package io.stepwise.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.security.LocalProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The schedule pages in Chromium, in the assembled server with security on (the local admin): from
 * a state machine's page a schedule is created with its expression checked as it is typed (a wrong
 * one says what AWS would, a right one lists the next five fire times), shown with its fire times
 * in the schedule's time zone and in the viewer's (the browser's, here New York's), edited,
 * disabled (no fire time ahead) and run now (the fire links to the execution it started, which
 * succeeds); the machine's page and the Schedules page list it. A description holding markup is
 * shown as text. All of it under the CSRF guard and the Content Security Policy: the forms and htmx
 * checks carry the page's token, and the browser reports no refused script.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SchedulesBrowserTest {
  private static final String VIEWER_ZONE = "America/New_York";
  private static final DateTimeFormatter VIEWER_CLOCK =
      DateTimeFormatter.ofPattern("hh:mm:ss a", Locale.US);

  @Test
  void createsEditsDisablesAndRunsAScheduleFromAStateMachinesPage() throws Exception {
    String machine;
    try (SfnClient sfn = LocalProfile.adminClient()) {
      machine = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    }
    String machineName = machine.substring(machine.lastIndexOf(':') + 1);
    String name = Sfn.unique("nightly");
    ChromeDriver driver = Chromium.start();
    try {
      driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", VIEWER_ZONE));
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      String app = Sfn.endpoint().toString().replaceAll("/$", "");
      LocalProfile.signIn(driver, wait);

      driver.get(app + "/state-machines/" + machineName);
      WebElement none =
          wait.until(
              ExpectedConditions.presenceOfElementLocated(By.id("new-schedule-for-machine")));
      assertThat(driver.findElement(By.id("machine-schedules")).getText())
          .contains("No schedule starts this state machine.");
      none.click();

      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("schedule-name")));
      assertThat(driver.findElement(By.id("schedule-target")).getAttribute("value"))
          .isEqualTo(machine);
      driver.findElement(By.id("schedule-name")).sendKeys(name);
      retype(driver, "schedule-expression", "cron(0 25 * * ? *)");
      wait.until(
          d ->
              d.findElement(By.id("check-result"))
                  .getText()
                  .contains("Invalid Schedule Expression"));
      assertThat(driver.findElement(By.id("check-result")).getAttribute("class"))
          .isEqualTo("error");
      retype(driver, "schedule-expression", "cron(0 9 * * ? *)");
      retype(driver, "schedule-timezone", "Europe/Berlin");
      wait.until(d -> d.findElements(By.cssSelector("#check-result li")).size() == 5);
      assertThat(driver.findElement(By.id("check-result")).getText()).contains("09:00:00");
      driver.findElement(By.name("description")).sendKeys("<b id=\"injected\">nightly</b> report");
      driver.findElement(By.id("create-button")).click();

      // The schedule's page: its fire times in Berlin's wall clock and the viewer's.
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upcoming")));
      assertThat(driver.findElement(By.tagName("h1")).getText()).contains(name, "ENABLED");
      assertThat(driver.findElements(By.id("injected"))).isEmpty();
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("<b id=\"injected\">nightly</b> report");
      List<WebElement> rows = driver.findElements(By.cssSelector("#upcoming tbody tr"));
      assertThat(rows).hasSize(5);
      for (WebElement row : rows) {
        List<WebElement> cells = row.findElements(By.tagName("td"));
        Instant at = Instant.parse(cells.get(2).getText());
        assertThat(at.atZone(ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(9);
        assertThat(cells.get(1).getText()).contains("09:00:00").containsAnyOf("CET", "CEST");
        assertThat(cells.get(0).getText())
            .contains(VIEWER_CLOCK.format(at.atZone(ZoneId.of(VIEWER_ZONE))))
            .containsAnyOf("EST", "EDT");
      }

      // Edit: another expression, checked as typed on this page too.
      driver.findElement(By.id("edit-schedule")).click();
      retype(driver, "schedule-expression", "cron(30 4 ? * MON-FRI *)");
      wait.until(d -> d.findElements(By.cssSelector("#check-result li")).size() == 5);
      driver.findElement(By.id("save-button")).click();
      wait.until(
          ExpectedConditions.textToBe(
              By.id("schedule-expression-text"), "cron(30 4 ? * MON-FRI *)"));

      // Disable: nothing ahead.
      driver.findElement(By.id("disable-button")).click();
      wait.until(ExpectedConditions.textToBe(By.id("schedule-state"), "DISABLED"));
      assertThat(driver.findElement(By.id("no-upcoming")).getText()).contains("disabled");
      assertThat(driver.findElements(By.id("enable-button"))).hasSize(1);

      // Run now: one fire, linked to the execution it started.
      driver.findElement(By.id("run-button")).click();
      wait.until(
          d -> {
            d.navigate().refresh();
            return !d.findElements(By.cssSelector("#fires a.fire-execution")).isEmpty();
          });
      assertThat(driver.findElements(By.cssSelector("#fires tbody tr"))).hasSize(1);
      assertThat(driver.findElement(By.id("fires")).getText()).contains("run now", "STARTED");
      String execution = driver.findElement(By.cssSelector("#fires a.fire-execution")).getText();
      assertThat(execution).startsWith(machine.replace(":stateMachine:", ":execution:") + ":");

      // The machine's page lists the schedule and its fire; the Schedules page lists it.
      driver.get(app + "/state-machines/" + machineName);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".schedule-link")));
      assertThat(driver.findElement(By.id("machine-schedules")).getText())
          .contains(name, "cron(30 4 ? * MON-FRI *)", "DISABLED", "STARTED");
      driver.get(app + "/schedules");
      assertThat(driver.findElement(By.id("schedules")).getText()).contains(name, machineName);

      driver.get(app + "/schedules/default/" + name);
      driver.findElement(By.cssSelector("#fires a.fire-execution")).click();
      wait.until(ExpectedConditions.urlContains("/executions/"));
      wait.until(
          d -> {
            d.navigate().refresh();
            return d.findElement(By.tagName("main")).getText().contains("SUCCEEDED");
          });
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Started by schedule " + name);
      // Every page and fragment above ran under the Content Security Policy.
      assertThat(Chromium.contentSecurityPolicyViolations(driver)).isEmpty();
    } finally {
      driver.quit();
    }
  }

  /** Replaces a field's text as a person would, so htmx sees the input events. */
  private static void retype(ChromeDriver driver, String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }
}
