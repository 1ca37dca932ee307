package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 24, item 9: the executions list shows each execution's duration and error, how many match,
 * pages back as well as forward, and says its date filter is in UTC like the rest of the page.
 */
@QuarkusTest
class ExecutionListBrowserTest extends BrowserPage {
  private static final String SOMETIMES_FAILS =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Fine",
                  "Choices": [{"Variable": "$.bad", "BooleanEquals": true, "Next": "Broke"}]},
        "Fine": {"Type": "Succeed"},
        "Broke": {"Type": "Fail", "Error": "Order.Broken", "Cause": "bad order"}}}
      """;

  private List<String> names() {
    return driver.findElements(By.cssSelector("#executions tbody tr td:nth-child(2)")).stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  void showsDurationErrorCountAndPagesBothWays() {
    String machine =
        TestServices.MACHINES.create("listed", SOMETIMES_FAILS, StateMachineType.STANDARD).arn();
    for (int i = 0; i < 55; i++) {
      TestServices.CLOCK.advance(Duration.ofSeconds(1));
      TestServices.EXECUTIONS.start(
          machine, "listed-%02d".formatted(i), "{\"bad\": " + (i % 11 == 0) + "}");
    }
    open("/executions?stateMachine=listed");
    assertThat(find("#execution-count").getText()).contains("55");
    assertThat(driver.findElements(By.cssSelector("#executions thead th")))
        .extracting(WebElement::getText)
        .contains("Duration", "Error");
    WebElement failed = find("#executions tbody tr[data-execution-name='listed-44']");
    assertThat(failed.getText()).contains("Order.Broken").contains("FAILED");
    assertThat(find("#executions tbody tr[data-execution-name='listed-43']").getText())
        .contains("0 ms");
    List<String> first = names();
    assertThat(first).hasSize(50).startsWith("listed-54");

    find("#next-page").click();
    waiting().until(d -> names().size() == 5);
    assertThat(names()).startsWith("listed-04");
    assertThat(find("#execution-count").getText()).contains("51–55").contains("55");
    find("#previous-page").click();
    waiting().until(d -> names().size() == 50);
    assertThat(names()).isEqualTo(first);

    assertThat(find("label[for=filter-from]").getText()).contains("UTC");
    assertThat(find("label[for=filter-to]").getText()).contains("UTC");
    Chromium.screenshot("executions-list");
  }
}
