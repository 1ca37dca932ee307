package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestServices;
import io.stepwise.web.page.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 23, search: the executions list finds executions by error name, by a text in the cause and
 * by a JSON value their input contains; the search is the list's URL (bookmarkable, kept by the
 * pager), and a value that is not JSON is a line on the page, not an error page.
 */
@QuarkusTest
class ExecutionSearchBrowserTest extends BrowserPage {
  private static final String ORDERS =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Done",
          "Choices": [{"Variable": "$.bad", "IsPresent": true, "Next": "Broke"}]},
        "Done": {"Type": "Succeed"},
        "Broke": {"Type": "Fail", "Error": "Order.Broken", "CausePath": "$.bad"}}}
      """;

  private List<String> names() {
    return driver.findElements(By.cssSelector("#executions tbody tr td:nth-child(2)")).stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  void searchesByErrorCauseAndInputThroughTheListsUrl() {
    String machine =
        TestServices.MACHINES.create("searched", ORDERS, StateMachineType.STANDARD).arn();
    String[] inputs = {
      "{\"orderId\":\"A-17\",\"lines\":[{\"sku\":\"x\"}]}",
      "{\"orderId\":\"A-18\"}",
      "{\"orderId\":\"B-1\",\"bad\":\"Out of stock\"}",
      "{\"orderId\":\"B-2\",\"bad\":\"Address unknown\"}"
    };
    for (int i = 0; i < inputs.length; i++) {
      TestServices.CLOCK.advance(Duration.ofSeconds(1));
      TestServices.EXECUTIONS.start(machine, "searched-" + i, inputs[i]);
    }
    open("/executions?stateMachine=searched");
    assertThat(names()).hasSize(4);

    WebElement input = find("#filter-input");
    input.sendKeys("{\"orderId\":\"A-17\"}");
    input.sendKeys(Keys.ENTER);
    waiting().until(d -> names().size() == 1);
    assertThat(names()).containsExactly("searched-0");
    assertThat(driver.getCurrentUrl())
        .contains("input=" + Paths.encode("{\"orderId\":\"A-17\"}"))
        .contains("stateMachine=searched");

    open("/executions?stateMachine=searched&error=Order.Broken");
    assertThat(names()).containsExactly("searched-3", "searched-2");
    assertThat(find("#filter-error").getAttribute("value")).isEqualTo("Order.Broken");
    open("/executions?stateMachine=searched&cause=STOCK");
    assertThat(names()).containsExactly("searched-2");
    Chromium.screenshot("executions-search");

    open("/executions?stateMachine=searched&input=%7B%22orderId%22%3A");
    assertThat(find("#search-problem").getText()).contains("input").contains("not JSON");
    assertThat(names()).isEmpty();
    assertThat(find("#filter-input").getAttribute("value")).isEqualTo("{\"orderId\":");
  }
}
