package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Issue 23, dashboard: {@code /} shows what started, ended and failed over the window, by status
 * (patterns and a legend besides colour), the top errors linking to the filtered list, what runs
 * now and the oldest of it; the numbers behind the charts open with the keyboard; a machine has its
 * own dashboard; the page passes axe.
 */
@QuarkusTest
class DashboardBrowserTest extends BrowserPage {
  private static final String MAYBE =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Wait",
          "Choices": [{"Variable": "$.fail", "IsPresent": true, "Next": "Broke"},
                      {"Variable": "$.ok", "IsPresent": true, "Next": "Done"}]},
        "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
        "Done": {"Type": "Succeed"},
        "Broke": {"Type": "Fail", "Error": "Dash.Broken", "Cause": "dashboard"}}}
      """;

  @Test
  void showsTheWindowTheErrorsAndWhatRuns() {
    // The dashboard's window ends now: bring the shared test clock (it only goes forward) to now.
    Duration behind = Duration.between(TestServices.CLOCK.instant(), java.time.Instant.now());
    if (behind.isPositive()) TestServices.CLOCK.advance(behind);
    String machine = TestServices.MACHINES.create("dashed", MAYBE, StateMachineType.STANDARD).arn();
    TestServices.EXECUTIONS.start(machine, "dash-wait", "{}");
    for (int i = 0; i < 3; i++)
      TestServices.EXECUTIONS.start(machine, "dash-ok-" + i, "{\"ok\":1}");
    for (int i = 0; i < 2; i++) {
      TestServices.EXECUTIONS.start(machine, "dash-fail-" + i, "{\"fail\":1}");
    }

    open("/state-machines/dashed/dashboard?window=hour");
    assertThat(find("#fact-started").getText()).isEqualTo("6");
    assertThat(find("#fact-succeeded").getText()).isEqualTo("3");
    assertThat(find("#fact-failed").getText()).isEqualTo("2");
    assertThat(find("#fact-running").getText()).isEqualTo("1");
    assertThat(find("#oldest-running").getText()).contains("dash-wait");
    assertThat(driver.findElements(By.cssSelector("#executions-chart rect.seg-failed")))
        .isNotEmpty();
    assertThat(driver.findElements(By.cssSelector(".legend li")))
        .extracting(e -> e.getText())
        .contains("Failed", "Succeeded", "p95 (dashed)");

    // The numbers behind the charts, opened from the keyboard.
    assertThat(find("#numbers-table").isDisplayed()).isFalse();
    find("#numbers summary").sendKeys(Keys.ENTER);
    waiting().until(d -> find("#numbers-table").isDisplayed());
    Chromium.screenshot("dashboard");
    Chromium.assertAccessible("dashboard");

    find("#top-errors a").click();
    waiting().until(d -> d.getCurrentUrl().contains("error=Dash.Broken"));
    assertThat(driver.findElements(By.cssSelector("#executions tbody tr"))).hasSize(2);

    open("/");
    assertThat(find("h1").getText()).isEqualTo("Dashboard");
    assertThat(Long.parseLong(find("#fact-started").getText())).isGreaterThanOrEqualTo(6);
  }
}
