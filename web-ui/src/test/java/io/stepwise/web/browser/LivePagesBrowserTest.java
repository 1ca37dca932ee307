package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.script;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestLiveSignals;
import io.stepwise.web.TestServices;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 23: the dashboard, a Map Run's page and the activities page follow changes through
 * server-sent events ({@code /live/changes}) instead of polling, and poll when the stream fails.
 * (The Map Run page needs the server's runtime: api's MapRunPagesBrowserTest.)
 */
@QuarkusTest
class LivePagesBrowserTest extends BrowserPage {
  private static final String WAITS =
      """
      {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}}
      """;

  private static void live(String how) {
    waiting()
        .until(
            d -> how.equals(script("return document.documentElement.getAttribute('data-live');")));
  }

  @Test
  void theDashboardFollowsChangesPushedByTheServerAndPollsWhenTheStreamFails() {
    Duration behind = Duration.between(TestServices.CLOCK.instant(), Instant.now());
    if (behind.isPositive()) TestServices.CLOCK.advance(behind);
    String machine =
        TestServices.MACHINES.create("live-dash", WAITS, StateMachineType.STANDARD).arn();
    TestServices.EXECUTIONS.start(machine, "live-1", "{}");

    open("/state-machines/live-dash/dashboard?window=hour");
    live("sse");
    assertThat(find("#fact-running").getText()).isEqualTo("1");
    TestServices.EXECUTIONS.start(machine, "live-2", "{}");
    TestLiveSignals.fire();
    waiting().until(ExpectedConditions.textToBe(By.id("fact-running"), "2"));

    // The stream fails: the section polls (every 5 s) with no signal from the server.
    script(
        "document.querySelector('.live-root').dispatchEvent("
            + "new CustomEvent('htmx:sseError', {bubbles: true}));");
    live("polling");
    TestServices.EXECUTIONS.start(machine, "live-3", "{}");
    waiting().until(ExpectedConditions.textToBe(By.id("fact-running"), "3"));
  }

  @Test
  void theActivitiesPageFetchesItsTableAgainWhenTheServerSaysSomethingChanged() {
    open("/activities");
    live("sse");
    assertThat(fetches("/activities/live")).isZero();
    TestLiveSignals.fire();
    waiting().until(d -> fetches("/activities/live") > 0);
    assertThat(driver.findElements(By.cssSelector("#activities-live #activities"))).hasSize(1);
  }

  private static long fetches(String path) {
    return ((Number)
            script(
                "var path = arguments[0];"
                    + " return performance.getEntriesByType('resource').filter(function (e) {"
                    + " return e.name.indexOf(path) >= 0; }).length;",
                path))
        .longValue();
  }
}
