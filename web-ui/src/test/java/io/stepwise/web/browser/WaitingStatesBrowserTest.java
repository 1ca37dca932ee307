package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestServices;
import io.stepwise.web.TestWorkerPolls;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.Times;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 7: a waiting Task state says what it waits for (resource, since when, its
 * deadlines, and when no worker has polled the resource lately); a Wait state says when it wakes.
 */
@QuarkusTest
class WaitingStatesBrowserTest extends BrowserPage {
  private static final String WAITS =
      """
      {"StartAt": "Nap", "States": {
        "Nap": {"Type": "Wait", "Seconds": 5400, "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "%s",
                 "TimeoutSeconds": 3600, "HeartbeatSeconds": 300, "End": true}}}
      """
          .formatted(TestWorkerPolls.QUIET_ACTIVITY);

  private void click(String state) {
    waiting()
        .until(
            d -> {
              d.findElement(By.cssSelector("#graph g.node[data-state='" + state + "'] rect"))
                  .click();
              return true;
            });
    waiting().until(ExpectedConditions.textToBe(By.id("state-title"), state));
  }

  @Test
  void aWaitSaysWhenItWakesAndAWaitingTaskWhatItWaitsFor() {
    String machine = TestServices.MACHINES.create("waits", WAITS, StateMachineType.STANDARD).arn();
    java.time.Instant start = TestServices.CLOCK.instant();
    String arn = TestServices.EXECUTIONS.start(machine, "waiting", "{}").executionArn();
    String wakes = Times.utc(start.plusSeconds(5400));
    open(Paths.execution(arn));
    click("Nap");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("waiting-for")));
    // 5,400 s of Wait from the start on the test clock.
    assertThat(find("#waiting-for").getText()).contains("Wakes at " + wakes);

    TestServices.CLOCK.advance(java.time.Duration.ofSeconds(5400));
    TestServices.EXECUTIONS.fireDueTimers();
    open(Paths.execution(arn));
    click("Work");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("waiting-for")));
    String waitingFor = find("#waiting-for").getText();
    assertThat(waitingFor)
        .contains(TestWorkerPolls.QUIET_ACTIVITY)
        .contains("since " + wakes)
        .contains("No worker has taken it yet")
        .contains("Times out at " + Times.utc(start.plusSeconds(5400 + 3600)))
        .contains("heartbeat every 300 s")
        .contains("No worker has polled this resource in 12 minutes");
    Chromium.screenshot("waiting-task");
  }
}
