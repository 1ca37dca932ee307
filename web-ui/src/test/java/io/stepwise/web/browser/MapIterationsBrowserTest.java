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
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 24, item 4: inline Map iterations are told apart — failed from aborted in the graph and the
 * redrive preview, one iteration's input beside its own error in the state panel, an iteration
 * picker on the Map state (index, status, input, output, error), and a finished execution's
 * timeline with no iteration still "running".
 */
@QuarkusTest
class MapIterationsBrowserTest extends BrowserPage {
  private static final String MAP =
      """
      {"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
          "ItemProcessor": {"StartAt": "Work", "States": {
            "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:each",
                     "End": true}}}}}}
      """;

  private static String machine() {
    return TestServices.MACHINES
        .describe("arn:aws:states:us-east-1:123456789012:stateMachine:iterations")
        .orElseGet(() -> TestServices.MACHINES.create("iterations", MAP, StateMachineType.STANDARD))
        .arn();
  }

  private static String start(String name) {
    return TestServices.EXECUTIONS
        .start(machine(), name, "{\"items\": [10, 11, 12, 13, 14]}")
        .executionArn();
  }

  /** Clicks a state of the graph (by script: a container's middle is covered by its states). */
  private void click(String state) {
    waiting()
        .until(
            d -> {
              Chromium.script(
                  "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));",
                  d.findElement(By.cssSelector("#graph g.node[data-state='" + state + "']")));
              return true;
            });
    waiting().until(ExpectedConditions.textToBe(By.id("state-title"), state));
  }

  @Test
  void failedAndAbortedIterationsAreToldApartAndEachShowsItsOwnData() {
    String arn = start("one-fails");
    List<PendingTask> tasks = TestServices.EXECUTIONS.pendingTasks(arn);
    TestServices.EXECUTIONS.succeedTask(tasks.get(0).taskToken(), "{\"done\": 10}");
    TestServices.EXECUTIONS.failTask(tasks.get(2).taskToken(), "Boom", "item 12 broke");

    open(Paths.execution(arn));
    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "FAILED"));
    String note = find("#graph g.node[data-state='Each']").getText();
    assertThat(note).contains("1 failed").contains("3 aborted").doesNotContain("4 failed");

    // The failed inner state shows the failing iteration's input beside its error.
    click("Work");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("state-input")));
    assertThat(find("#state-input").getText()).isEqualTo("12");
    assertThat(find("#state-detail .error-banner").getText()).contains("Boom").contains("item 12");

    // The Map state's iteration picker: index, status, input, output, error.
    click("Each");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("iteration-picker")));
    Select picker = new Select(find("#iteration-picker"));
    assertThat(picker.getOptions()).hasSize(5);
    assertThat(picker.getOptions().get(0).getText()).contains("0").contains("succeeded");
    assertThat(picker.getOptions().get(2).getText()).contains("2").contains("failed");
    assertThat(picker.getOptions().get(3).getText()).contains("3").contains("aborted");
    picker.selectByIndex(2);
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("iteration-index"), "2"));
    assertThat(find("#iteration-input").getText()).isEqualTo("12");
    assertThat(find("#iteration-error").getText()).contains("Boom");
    new Select(find("#iteration-picker")).selectByIndex(0);
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("iteration-index"), "0"));
    assertThat(find("#iteration-output").getText()).contains("\"done\" : 10");
    assertThat(driver.findElements(By.id("iteration-error"))).isEmpty();
    Chromium.screenshot("map-iterations");

    open(Paths.execution(arn) + "/redrive-preview");
    assertThat(find("#redrive-states").getText()).contains("1 failed").contains("3 aborted");
  }

  @Test
  void aSucceededMapShowsNoIterationStillRunning() {
    String arn = start("all-succeed");
    List<PendingTask> tasks = TestServices.EXECUTIONS.pendingTasks(arn);
    for (int i : new int[] {3, 1, 4, 0, 2}) {
      TestServices.EXECUTIONS.succeedTask(tasks.get(i).taskToken(), "{\"i\": " + i + "}");
    }
    open(Paths.execution(arn));
    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "SUCCEEDED"));
    assertThat(find("#timeline").getText()).doesNotContain("so far");
    assertThat(driver.findElements(By.cssSelector("#timeline .tl-bar.st-running"))).isEmpty();
  }
}
