package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.web.TestServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 23, bulk actions: executions ticked on the list (with the keyboard) or all that match a
 * search are stopped after a confirmation that gives the count; the progress and each execution's
 * outcome show as the chunks are done; an execution that cannot be redriven is listed with the
 * reason, the others go on.
 */
@QuarkusTest
class BulkActionsBrowserTest extends BrowserPage {
  private static final String WAITS =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}";

  private ExecutionStatus status(String machine, String name) {
    return TestServices.EXECUTIONS
        .describe(machine.replace(":stateMachine:", ":execution:") + ":" + name)
        .orElseThrow()
        .summary()
        .status();
  }

  private List<WebElement> outcomes() {
    return driver.findElements(By.cssSelector("#bulk-rows tr"));
  }

  @Test
  void stopsTickedExecutionsAndEveryOneASearchFinds() {
    String machine = TestServices.MACHINES.create("bulked", WAITS, StateMachineType.STANDARD).arn();
    for (int i = 0; i < 15; i++) {
      TestServices.CLOCK.advance(Duration.ofSeconds(1));
      TestServices.EXECUTIONS.start(machine, "bulk-%02d".formatted(i), "{}");
    }
    open("/executions?stateMachine=bulked");
    for (String name : List.of("bulk-14", "bulk-13")) {
      WebElement box =
          find("#executions tr[data-execution-name='" + name + "'] input[type=checkbox]");
      box.sendKeys(Keys.SPACE);
      assertThat(box.isSelected()).isTrue();
    }
    find("#bulk-stop").click();
    // The confirmation is a page of its own: wait for it (a click does not).
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-question")));
    assertThat(find("#bulk-question").getText()).isEqualTo("Stop 2 executions?");
    assertThat(find("#bulk-names").getText()).contains("bulk-14", "bulk-13");
    find("#bulk-confirm").click();
    waiting().until(d -> find("#bulk-summary").getText().startsWith("Finished"));
    assertThat(find("#bulk-summary").getText())
        .isEqualTo("Finished: 2 of 2 done: 2 stopped, 0 refused or not possible");
    assertThat(outcomes()).hasSize(2);
    assertThat(status(machine, "bulk-14")).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(status(machine, "bulk-12")).isEqualTo(ExecutionStatus.RUNNING);

    // A running execution cannot be redriven: refused with the reason, the stopped one goes on.
    open("/executions?stateMachine=bulked");
    find("#executions tr[data-execution-name='bulk-14'] input[type=checkbox]").click();
    find("#executions tr[data-execution-name='bulk-12'] input[type=checkbox]").click();
    find("#bulk-redrive").click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-confirm")));
    find("#bulk-confirm").click();
    waiting().until(d -> find("#bulk-summary").getText().startsWith("Finished"));
    assertThat(find("#bulk-rows tr[data-execution='bulk-14']").getText()).contains("redriven");
    assertThat(find("#bulk-rows tr[data-execution='bulk-12']").getText())
        .contains("✗")
        .containsIgnoringCase("redriv");

    // All that match the search: 14 running (bulk-14 again) (more than one chunk of 10), the count
    // shown first.
    open("/executions?stateMachine=bulked&status=RUNNING");
    find("#bulk-scope-search").click();
    find("#bulk-stop").click();
    // The confirmation is a page of its own: wait for it (a click does not).
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-question")));
    assertThat(find("#bulk-question").getText()).isEqualTo("Stop 14 executions?");
    find("#bulk-confirm").click();
    try {
      Thread.sleep(3000);
    } catch (InterruptedException e) {
    }
    System.err.println(
        "DEBUG " + find("#bulk-status").getAttribute("outerHTML") + " rows " + outcomes().size());
    Chromium.screenshot("bulk-debug");
    waiting()
        .withTimeout(Duration.ofSeconds(20))
        .until(d -> find("#bulk-summary").getText().startsWith("Finished"));
    assertThat(find("#bulk-summary").getText())
        .isEqualTo("Finished: 14 of 14 done: 14 stopped, 0 refused or not possible");
    assertThat(outcomes()).hasSize(14);
    assertThat(status(machine, "bulk-00")).isEqualTo(ExecutionStatus.ABORTED);
    Chromium.screenshot("bulk-stop");
    Chromium.assertAccessible("bulk progress");
  }
}
