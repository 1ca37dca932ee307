package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 23, the state machines list: per machine the last execution, the last day's success rate
 * and what runs now; sorted by any of them and filtered by name, from the keyboard; axe passes.
 */
@QuarkusTest
class StateMachineListBrowserTest extends BrowserPage {
  private static final String MAYBE =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Wait",
          "Choices": [{"Variable": "$.fail", "IsPresent": true, "Next": "Broke"},
                      {"Variable": "$.ok", "IsPresent": true, "Next": "Done"}]},
        "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
        "Done": {"Type": "Succeed"},
        "Broke": {"Type": "Fail", "Error": "List.Broken"}}}
      """;

  private List<String> machines() {
    return driver.findElements(By.cssSelector("#state-machines tbody tr")).stream()
        .map(r -> r.getAttribute("data-machine"))
        .toList();
  }

  @Test
  void showsLastExecutionSuccessRateAndRunningSortedAndFiltered() {
    Duration behind = Duration.between(TestServices.CLOCK.instant(), Instant.now());
    if (behind.isPositive()) TestServices.CLOCK.advance(behind);
    String alpha =
        TestServices.MACHINES.create("alpha-smlist", MAYBE, StateMachineType.STANDARD).arn();
    String beta =
        TestServices.MACHINES.create("beta-smlist", MAYBE, StateMachineType.STANDARD).arn();
    TestServices.MACHINES.create("gamma-other", MAYBE, StateMachineType.STANDARD);
    TestServices.EXECUTIONS.start(alpha, "a-ok-1", "{\"ok\":1}");
    TestServices.EXECUTIONS.start(alpha, "a-ok-2", "{\"ok\":1}");
    TestServices.CLOCK.advance(Duration.ofSeconds(1));
    TestServices.EXECUTIONS.start(alpha, "a-fail", "{\"fail\":1}");
    TestServices.EXECUTIONS.start(beta, "b-wait-1", "{}");
    TestServices.CLOCK.advance(Duration.ofSeconds(1));
    TestServices.EXECUTIONS.start(beta, "b-wait-2", "{}");

    open("/state-machines");
    WebElement q = find("#machine-q");
    q.sendKeys("-SMLIST");
    q.sendKeys(Keys.ENTER);
    waiting().until(d -> machines().size() == 2);
    assertThat(machines()).containsExactly("alpha-smlist", "beta-smlist");
    WebElement a = find("#state-machines tr[data-machine='alpha-smlist']");
    assertThat(a.findElement(By.cssSelector(".last-execution")).getText())
        .contains("a-fail", "FAILED");
    assertThat(a.findElement(By.cssSelector(".success-rate")).getText())
        .isEqualTo("67% of 3 ended");
    assertThat(a.findElement(By.cssSelector(".running")).getText()).isEqualTo("0");
    WebElement b = find("#state-machines tr[data-machine='beta-smlist']");
    assertThat(b.findElement(By.cssSelector(".success-rate")).getText()).isEqualTo("none ended");
    assertThat(b.findElement(By.cssSelector(".running")).getText()).isEqualTo("2");

    find("#state-machines thead a[href*='sort=running']").click();
    waiting().until(d -> d.getCurrentUrl().contains("sort=running"));
    assertThat(machines()).containsExactly("beta-smlist", "alpha-smlist");
    assertThat(driver.getCurrentUrl()).contains("q=-SMLIST");
    open("/state-machines?sort=last&q=smlist");
    assertThat(machines()).containsExactly("beta-smlist", "alpha-smlist");
    open("/state-machines?sort=success&q=smlist");
    assertThat(machines()).containsExactly("alpha-smlist", "beta-smlist");
    Chromium.screenshot("state-machines-list");
    Chromium.assertAccessible("state machines list");
  }
}
