package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.script;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.web.Definitions;
import io.stepwise.web.TestServices;
import io.stepwise.web.page.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 13: the pages meet WCAG 2.2 AA as axe-core checks it in Chromium, and what axe
 * cannot see is checked here: each graph state is a labelled control that says its status in words,
 * the time-travel copy of the graph repeats no id, live changes are announced.
 */
@QuarkusTest
class AccessibilityBrowserTest extends BrowserPage {
  private static final String CATCHES =
      """
      {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a11y",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "Next": "Done"},
        "Recover": {"Type": "Pass", "Next": "Broke"},
        "Broke": {"Type": "Fail", "Error": "Order.Broken", "Cause": "gave up"},
        "Done": {"Type": "Succeed"}}}
      """;

  private static String machine(String name, String definition) {
    return TestServices.MACHINES
        .describe("arn:aws:states:us-east-1:123456789012:stateMachine:" + name)
        .orElseGet(() -> TestServices.MACHINES.create(name, definition, StateMachineType.STANDARD))
        .arn();
  }

  @Test
  void thePagesPassAxe() {
    String failing = machine("a11y-catch", CATCHES);
    String arn = TestServices.EXECUTIONS.start(failing, "a11y-failed", "{}").executionArn();
    PendingTask task = TestServices.EXECUTIONS.pendingTasks(arn).getFirst();
    TestServices.EXECUTIONS.failTask(task.taskToken(), "Boom", "the worker broke");
    String running =
        TestServices.EXECUTIONS
            .start(machine("a11y-activity", Definitions.ACTIVITY), "a11y-running", "{}")
            .executionArn();
    List<String> violations = new java.util.ArrayList<>();
    for (String path :
        List.of(
            "/executions",
            "/executions/new",
            "/state-machines",
            Paths.stateMachine("a11y-catch"),
            Paths.execution(arn),
            Paths.execution(running),
            Paths.execution(arn) + "/again",
            Paths.execution(arn) + "/redrive-preview",
            "/no-such-page")) {
      open(path);
      if (path.equals(Paths.execution(arn)) || path.equals(Paths.execution(running))) {
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tt-status")));
      }
      for (String v : Chromium.axeViolations()) violations.add(path + ": " + v);
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theGraphSaysEachStatesStatusInWordsAndRepeatsNoId() {
    String failing = machine("a11y-catch", CATCHES);
    String arn = TestServices.EXECUTIONS.start(failing, "a11y-words", "{}").executionArn();
    PendingTask task = TestServices.EXECUTIONS.pendingTasks(arn).getFirst();
    TestServices.EXECUTIONS.failTask(task.taskToken(), "Boom", "the worker broke");
    open(Paths.execution(arn));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tt-status")));
    var work = find("#graph g.node[data-state='Work']");
    assertThat(work.getAttribute("role")).isEqualTo("button");
    assertThat(work.getAttribute("aria-label")).contains("Work").contains("caught");
    assertThat(find("#graph g.node[data-state='Broke']").getAttribute("aria-label"))
        .contains("failed");
    assertThat(find("#graph g.node[data-state='Done']").getAttribute("aria-label"))
        .contains("not reached");
    assertThat(find("#graph svg").getAttribute("role")).isNotEqualTo("img");
    @SuppressWarnings("unchecked")
    List<String> repeated =
        (List<String>)
            script(
                "var seen = {}, twice = [];"
                    + " document.querySelectorAll('[id]').forEach(function (e) {"
                    + " if (seen[e.id]) twice.push(e.id); seen[e.id] = true; });"
                    + " return twice;");
    assertThat(repeated).isEmpty();
    assertThat(find("#announcer").getAttribute("aria-live")).isEqualTo("polite");
    assertThat(find("#state-detail").getAttribute("aria-live")).isEqualTo("polite");
  }
}
