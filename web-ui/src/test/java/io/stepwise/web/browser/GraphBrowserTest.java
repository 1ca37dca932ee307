package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.script;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.web.Definitions;
import io.stepwise.web.page.Paths;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 12: a Map's title and its iteration note do not overlap, graphs open at a readable
 * scale (a small one not blown up, a large one not shrunk to nothing), and a long history's slider
 * has a box to jump to an event.
 */
@QuarkusTest
class GraphBrowserTest extends BrowserPage {
  /** Sixteen Pass states in a row. */
  private static final String LONG_CHAIN =
      "{\"StartAt\": \"S0\", \"States\": {"
          + IntStream.range(0, 16)
              .mapToObj(
                  i ->
                      "\"S%d\": {\"Type\": \"Pass\", %s}"
                          .formatted(
                              i, i == 15 ? "\"End\": true" : "\"Next\": \"S" + (i + 1) + "\""))
              .collect(Collectors.joining(", "))
          + "}}";

  private double scale() {
    return ((Number) script("return document.querySelector('#graph svg').getScreenCTM().a;"))
        .doubleValue();
  }

  @Test
  void aMapsTitleAndNoteDoNotOverlap() {
    open(Paths.execution(start("graph-map", Definitions.MAP, "{\"items\": [1, 2, 3]}")));
    Boolean overlap =
        (Boolean)
            script(
                "var g = document.querySelector(\"#graph g.node.container[data-state='Each']\");"
                    + " var a = g.querySelector('text.name').getBoundingClientRect();"
                    + " var b = g.querySelector('text.type').getBoundingClientRect();"
                    + " return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top"
                    + " || b.bottom <= a.top);");
    assertThat(overlap).isFalse();
    assertThat(find("#graph g.node.container[data-state='Each'] text.type").getText())
        .contains("3/3 iterations");
  }

  @Test
  void graphsOpenAtAReadableScaleAndTheSliderJumpsToAnEvent() {
    open(Paths.execution(start("graph-small", Definitions.CHOICE, "{\"n\": 1, \"cap\": 2}")));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tt-status")));
    assertThat(scale()).as("a small graph is not blown up").isLessThanOrEqualTo(1.21);

    open(Paths.execution(start("graph-long", LONG_CHAIN, "{}")));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tt-status")));
    assertThat(scale()).as("a long graph stays readable").isGreaterThanOrEqualTo(0.59);
    find("[data-zoom=fit]").click();
    assertThat(scale()).as("Fit shows it whole").isLessThan(0.59);

    var jump = find("#tt-jump");
    jump.clear();
    jump.sendKeys("7");
    script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", jump);
    waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), "7"));
    assertThat(find("#tt-slider").getDomAttribute("value")).isNotNull();
    Chromium.screenshot("graph-long");
  }
}
