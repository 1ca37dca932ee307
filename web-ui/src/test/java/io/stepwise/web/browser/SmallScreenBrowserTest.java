package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.script;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.Definitions;
import io.stepwise.web.TestServices;
import io.stepwise.web.page.Paths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 11: on a 390×844 phone no page is wider than the screen, the header keeps to its
 * rows, and tapping a state of the graph brings its details into view.
 */
@QuarkusTest
class SmallScreenBrowserTest extends BrowserPage {
  private static final int PHONE_WIDTH = 390;

  @BeforeEach
  void phone() {
    driver.manage().window().setSize(Chromium.PHONE);
  }

  private long viewportWidth() {
    return (Long) script("return window.innerWidth;");
  }

  private void assertFitsThePhone(String path) {
    open(path);
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main")));
    assertThat(viewportWidth()).isLessThanOrEqualTo(PHONE_WIDTH);
    assertThat(Chromium.documentWidth())
        .as(path + " is as wide as the phone")
        .isLessThanOrEqualTo(viewportWidth());
    long header = (Long) script("return document.querySelector('header.top').offsetHeight;");
    assertThat(header).as("the header of " + path + " keeps to two rows").isLessThanOrEqualTo(100);
  }

  @Test
  void everyPageFitsAPhone() {
    String machine =
        TestServices.MACHINES
            .describe("arn:aws:states:us-east-1:123456789012:stateMachine:phone-flow")
            .orElseGet(
                () ->
                    TestServices.MACHINES.create(
                        "phone-flow", Definitions.ACTIVITY, StateMachineType.STANDARD))
            .arn();
    String arn =
        TestServices.EXECUTIONS
            .start(machine, "a-rather-long-execution-name-for-a-small-phone-screen", "{}")
            .executionArn();
    TestServices.EXECUTIONS.stop(arn, "Stopped", "so it can be redriven");
    for (String path :
        new String[] {
          "/executions",
          "/executions/new",
          "/state-machines",
          Paths.stateMachine("phone-flow"),
          Paths.execution(arn),
          Paths.execution(arn) + "/again",
          Paths.execution(arn) + "/redrive-preview",
          "/no-such-page"
        }) {
      assertFitsThePhone(path);
    }
    Chromium.screenshot("phone-execution");
  }

  @Test
  void tappingAStateBringsItsDetailsIntoView() {
    String machine =
        TestServices.MACHINES
            .describe("arn:aws:states:us-east-1:123456789012:stateMachine:phone-tap")
            .orElseGet(
                () ->
                    TestServices.MACHINES.create(
                        "phone-tap", Definitions.CHOICE, StateMachineType.STANDARD))
            .arn();
    String arn =
        TestServices.EXECUTIONS.start(machine, "tap", "{\"n\": 1, \"cap\": 2}").executionArn();
    open(Paths.execution(arn));
    script("document.getElementById('graph').scrollIntoView();");
    script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        find("#graph g.node[data-state='Route']"));
    waiting().until(ExpectedConditions.textToBe(By.id("state-title"), "Route"));
    waiting()
        .until(
            d -> {
              double top =
                  ((Number)
                          script(
                              "return document.getElementById('state-detail')"
                                  + ".getBoundingClientRect().top;"))
                      .doubleValue();
              return top >= -1 && top < 844 / 2.0;
            });
    Chromium.screenshot("phone-state");
  }
}
