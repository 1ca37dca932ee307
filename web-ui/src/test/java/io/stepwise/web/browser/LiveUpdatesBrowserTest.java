package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.script;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.web.TestServices;
import io.stepwise.web.page.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 2: every part of a running execution's page follows it live — status, event count,
 * duration, timeline, history, the time-travel slider's range and the open state panel — and no
 * update throws in the page's script.
 */
@QuarkusTest
class LiveUpdatesBrowserTest extends BrowserPage {
  /** Two activities in a row, so the page sees an update while the execution still runs. */
  private static final String TWO_STEPS =
      """
      {"StartAt": "First", "States": {
        "First": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:first",
                  "Next": "Second"},
        "Second": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:second",
                   "End": true}}}
      """;

  /** The element's text; live updates replace elements, so a stale one is looked up again. */
  private String text(String id) {
    return waiting().until(d -> d.findElement(By.id(id)).getText());
  }

  @SuppressWarnings("unchecked")
  private List<String> pageErrors() {
    return (List<String>) script("return window.pageErrors;");
  }

  @Test
  void everyPartOfThePageFollowsARunningExecution() {
    String machine =
        TestServices.MACHINES.create("live-two", TWO_STEPS, StateMachineType.STANDARD).arn();
    String arn = TestServices.EXECUTIONS.start(machine, "live-1", "{}").executionArn();
    open(Paths.execution(arn));
    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "RUNNING"));
    script(
        "window.pageErrors = [];"
            + " window.addEventListener('error', function (e) { window.pageErrors.push(e.message); });");
    String eventsBefore = text("execution-events");
    String sliderMaxBefore = find("#tt-slider").getDomAttribute("max");
    assertThat(text("timeline")).contains("First").doesNotContain("Second");
    // The state panel of the running state is open while the execution goes on.
    waiting()
        .until(
            d -> {
              d.findElement(By.cssSelector("#graph g.node[data-state='First'] rect")).click();
              return true;
            });
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-detail"), "First"));
    // Let the stream connect (it sends the whole view at once) before the first change.
    sleep(Duration.ofMillis(500));

    answer(arn, "First");
    waiting().until(d -> !text("execution-events").equals(eventsBefore));
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "Second"));
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("history-rows"), "Second"));
    waiting().until(d -> !find("#tt-slider").getDomAttribute("max").equals(sliderMaxBefore));
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-output"), "done"));
    assertThat(text("execution-status")).isEqualTo("RUNNING");
    assertThat(pageErrors()).isEmpty();

    TestServices.CLOCK.advance(Duration.ofSeconds(75));
    answer(arn, "Second");
    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "SUCCEEDED"));
    waiting().until(ExpectedConditions.textToBe(By.id("announcer"), "Execution SUCCEEDED"));
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("history-rows"), "ExecutionSucceeded"));
    waiting().until(d -> !text("execution-duration").contains("so far"));
    assertThat(text("execution-duration")).contains("1 min");
    assertThat(text("execution-events")).isEqualTo(find("#tt-slider").getDomAttribute("max"));
    assertThat(driver.findElements(By.id("execution-output"))).hasSize(1);
    assertThat(pageErrors()).isEmpty();
    Chromium.screenshot("live-updates");
  }

  private static void answer(String arn, String state) {
    PendingTask task =
        TestServices.EXECUTIONS.pendingTasks(arn).stream()
            .filter(t -> t.stateName().equals(state))
            .findFirst()
            .orElseThrow();
    TestServices.EXECUTIONS.succeedTask(task.taskToken(), "{\"done\": true}");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
