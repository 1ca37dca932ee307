package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.web.TestServices;
import io.stepwise.web.page.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 3: replaying an execution against its own, unchanged definition always agrees, and
 * time travel rebuilds every moment of it — inline Map iterations that finished out of order, a
 * redriven execution, a stopped one.
 */
@QuarkusTest
class ReplayAgreementBrowserTest extends BrowserPage {
  /** Each item waits for a worker; the iterations are answered in another order than started. */
  private static final String MAP_OF_ACTIVITIES =
      """
      {"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
          "ItemProcessor": {"StartAt": "Work", "States": {
            "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
                     "End": true}}}}}}
      """;

  private static final String ONE_ACTIVITY =
      """
      {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
                 "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}}}
      """;

  private static String machine(String name, String definition) {
    return TestServices.MACHINES
        .describe("arn:aws:states:us-east-1:123456789012:stateMachine:" + name)
        .orElseGet(() -> TestServices.MACHINES.create(name, definition, StateMachineType.STANDARD))
        .arn();
  }

  /** The page's time travel at its last event, and the replay against the current definition. */
  private void assertRebuiltAndAgreeing(String arn, String finalStatus) {
    open(Paths.execution(arn));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tt-status")));
    assertThat(find("#tt-status").getText()).isEqualTo(finalStatus);
    assertThat(driver.findElements(By.id("tt-warning"))).isEmpty();
    // Every moment rebuilds (none "cannot be rebuilt", none departs).
    int total = Integer.parseInt(find("#tt-total").getText());
    for (int n = total - 1; n >= 1; n -= Math.max(1, total / 6)) {
      int event = n;
      Chromium.script(
          "var s = document.getElementById('tt-slider'); s.value = arguments[0];"
              + " s.dispatchEvent(new Event('input', {bubbles: true}));",
          event);
      waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), Integer.toString(event)));
      assertThat(find("#tt-status").getText())
          .as("status after event " + event)
          .isNotEqualTo("unknown");
      assertThat(driver.findElements(By.id("tt-warning")))
          .as("warning after event " + event)
          .isEmpty();
    }
    Chromium.script("document.querySelector('#replay details').open = true;");
    find("#replay-button").click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("replay-verdict")));
    assertThat(find("#replay-verdict").getText()).startsWith("Agree.");
  }

  @Test
  void inlineMapIterationsFinishingOutOfOrderReplayAsRecorded() {
    String arn =
        TestServices.EXECUTIONS
            .start(
                machine("tt-map", MAP_OF_ACTIVITIES), "out-of-order", "{\"items\": [0, 1, 2, 3]}")
            .executionArn();
    List<PendingTask> tasks = TestServices.EXECUTIONS.pendingTasks(arn);
    assertThat(tasks).hasSize(4);
    for (int i : new int[] {2, 0, 3, 1}) {
      TestServices.EXECUTIONS.succeedTask(tasks.get(i).taskToken(), "{\"item\": " + i + "}");
    }
    assertRebuiltAndAgreeing(arn, "SUCCEEDED");
    assertThat(find("#execution-output").getText()).contains("\"item\" : 3");
  }

  @Test
  void aRedrivenExecutionReplaysAsRecorded() {
    String arn =
        TestServices.EXECUTIONS
            .start(machine("tt-redrive", ONE_ACTIVITY), "redriven", "{}")
            .executionArn();
    PendingTask first = TestServices.EXECUTIONS.pendingTasks(arn).getFirst();
    TestServices.EXECUTIONS.failTask(first.taskToken(), "Boom", "the first try fails");
    TestServices.EXECUTIONS.redrive(arn);
    PendingTask again =
        TestServices.EXECUTIONS.pendingTasks(arn).stream()
            .filter(t -> !t.taskToken().equals(first.taskToken()))
            .findFirst()
            .orElseThrow();
    TestServices.EXECUTIONS.succeedTask(again.taskToken(), "{\"ok\": true}");
    assertRebuiltAndAgreeing(arn, "SUCCEEDED");
  }

  @Test
  void aStoppedExecutionIsRebuiltToTheEnd() {
    String arn =
        TestServices.EXECUTIONS
            .start(machine("tt-stop", ONE_ACTIVITY), "stopped", "{}")
            .executionArn();
    TestServices.EXECUTIONS.stop(arn, "Stopped", "by the test");
    assertRebuiltAndAgreeing(arn, "ABORTED");
    Chromium.screenshot("replay-agreement");
  }
}
