package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.script;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.web.Definitions;
import io.stepwise.web.page.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 12: the execution page's graph shows the path taken — the states entered, each
 * numbered in the order entered, and the arrows followed drawn thick — and time travel shows it up
 * to the chosen event. Numbers, widths and a line of text carry it, not colour alone.
 */
@QuarkusTest
class PathTakenBrowserTest extends BrowserPage {

  private static List<String> taken(String graph) {
    return Chromium.driver().findElements(By.cssSelector(graph + " path.edge.edge-taken")).stream()
        .map(p -> p.getDomAttribute("data-from") + ">" + p.getDomAttribute("data-to"))
        .sorted()
        .toList();
  }

  private static String order(String graph, String state) {
    List<WebElement> order =
        Chromium.driver()
            .findElements(By.cssSelector(graph + " g.node[data-state='" + state + "'] text.order"));
    return order.isEmpty() ? "" : order.get(0).getText();
  }

  @Test
  void theGraphNumbersTheStatesEnteredAndDrawsTheArrowsFollowed() {
    // n 1 is not above cap 2: Init → Route → Small, never Big.
    open(Paths.execution(start("path-choice", Definitions.CHOICE, "{\"n\": 1, \"cap\": 2}")));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tt-status")));

    assertThat(List.of("Init", "Route", "Small", "Big").stream().map(s -> order("#graph", s)))
        .containsExactly("1", "2", "3", "");
    assertThat(taken("#graph")).containsExactly(">Init", "Init>Route", "Route>Small", "Small>");
    assertThat(find("#graph .path-taken").getText())
        .isEqualTo("Path taken: 1 Init → 2 Route → 3 Small");
    assertThat(find("#graph g.node[data-state='Small']").getDomAttribute("aria-label"))
        .contains("entered 3rd");
    WebElement followed = find("#graph path.edge-taken[data-from='Route'][data-to='Small']");
    WebElement other = find("#graph path.edge[data-from='Route'][data-to='Big']");
    assertThat(strokeWidth(followed))
        .as("a followed arrow is wider, not only another colour")
        .isGreaterThan(strokeWidth(other) * 2);
    assertThat(find(".path-key").getText()).contains("path taken");

    // Time travel to event 5 (Route exited): the path so far, not where it went next.
    var jump = find("#tt-jump");
    jump.clear();
    jump.sendKeys("5");
    script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", jump);
    waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), "5"));
    assertThat(List.of("Init", "Route", "Small").stream().map(s -> order("#tt-graph", s)))
        .containsExactly("1", "2", "");
    assertThat(taken("#tt-graph")).containsExactly(">Init", "Init>Route");
    assertThat(find("#tt-graph .path-taken").getText()).isEqualTo("Path taken: 1 Init → 2 Route");
    Chromium.screenshot("path-taken");
  }

  private static double strokeWidth(WebElement path) {
    return Double.parseDouble(
        ((String) script("return getComputedStyle(arguments[0]).strokeWidth;", path))
            .replace("px", ""));
  }
}
