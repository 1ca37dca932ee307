package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The activities page in the assembled server, in Chromium (issue 23): an activity's tasks waiting
 * and in progress, the oldest wait, the worker that polled it (name, address), and the way there
 * from a Task state that waits.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ActivitiesPageBrowserTest {

  /** A cell of the activity's row; the live table may be swapped between lookup and read. */
  private static String cell(WebDriverWait wait, String activity, String column) {
    return Chromium.text(
        wait, By.cssSelector("#activities tr[data-resource='" + activity + "'] ." + column));
  }

  private static void awaitScheduled(SfnClient sfn, String execution) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
          .anyMatch(e -> e.type() == HistoryEventType.ACTIVITY_SCHEDULED)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no task was scheduled for " + execution);
  }

  @Test
  void anActivitysTasksAndWorkersAreShownAndAWaitingTaskLeadsThere() throws Exception {
    ChromeDriver driver = Chromium.start();
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String activityName = Sfn.unique("pack-orders");
      String activity = sfn.createActivity(b -> b.name(activityName)).activityArn();
      String machine =
          sfn.createStateMachine(
                  b ->
                      b.name(Sfn.unique("packing"))
                          .roleArn(Sfn.ROLE)
                          .definition(
                              "{\"StartAt\":\"Pack\",\"States\":{\"Pack\":{\"Type\":\"Task\","
                                  + "\"Resource\":\""
                                  + activity
                                  + "\",\"HeartbeatSeconds\":300,\"End\":true}}}"))
              .stateMachineArn();
      String first = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
      awaitScheduled(sfn, first);
      // The second runs version 1 through an alias; its page says so (issue 23, versions).
      String version =
          sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
      String alias =
          sfn.createStateMachineAlias(
                  b ->
                      b.name("live")
                          .routingConfiguration(r -> r.stateMachineVersionArn(version).weight(100)))
              .stateMachineAliasArn();
      String second = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
      awaitScheduled(sfn, second);
      // A worker takes the first task: one in progress, one waiting.
      String token =
          sfn.getActivityTask(b -> b.activityArn(activity).workerName("packer-7")).taskToken();
      assertThat(token).isNotBlank();

      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      String app = Sfn.endpoint().toString().replaceAll("/$", "");
      LocalProfile.signIn(driver, wait);
      driver.findElement(By.id("nav-activities")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("activities")));
      assertThat(cell(wait, activity, "resource-name")).isEqualTo(activityName);
      assertThat(cell(wait, activity, "waiting")).isEqualTo("1");
      assertThat(cell(wait, activity, "in-progress")).isEqualTo("1");
      // The first task waits since the start above: "1 second" or "N seconds" (singular at 1).
      assertThat(cell(wait, activity, "oldest")).matches("\\d+ seconds?");
      assertThat(cell(wait, activity, "overdue")).isEqualTo("0");
      // name · address (loopback, IPv4 or IPv6 as the SDK connected) · when
      assertThat(cell(wait, activity, "workers"))
          .matches("packer-7 · [0-9a-f.:]+ · \\d+ seconds? ago");
      Chromium.screenshot(driver, "activities.png");

      // The waiting execution's Task state leads to its resource's row.
      driver.get(app + "/executions/" + URLEncoder.encode(second, StandardCharsets.UTF_8));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("execution-version")));
      assertThat(Chromium.text(wait, By.id("execution-version")))
          .isEqualTo("version 1, alias live");
      wait.ignoring(StaleElementReferenceException.class)
          .until(
              d -> {
                driver.executeScript(
                    "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));",
                    d.findElement(By.cssSelector("#graph g.node[data-state='Pack']")));
                return !d.findElements(By.id("waiting-activities")).isEmpty();
              });
      wait.ignoring(StaleElementReferenceException.class)
          .until(
              d -> {
                d.findElement(By.id("waiting-activities")).click();
                return true;
              });
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("one-resource")));
      assertThat(driver.findElements(By.cssSelector("#activities tbody tr")))
          .singleElement()
          .satisfies(r -> assertThat(r.getAttribute("data-resource")).isEqualTo(activity));
      sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
      sfn.stopExecution(b -> b.executionArn(second));
    } finally {
      driver.quit();
    }
  }
}
