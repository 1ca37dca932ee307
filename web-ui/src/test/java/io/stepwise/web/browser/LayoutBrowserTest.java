package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 24, item 10: pages that are not found are pages of the app — its layout, its header, a way
 * back — and every page starts with a skip link to its content.
 */
@QuarkusTest
class LayoutBrowserTest extends BrowserPage {

  @Test
  void aMissingPageOrExecutionIsAPageOfTheAppWithAWayBack() {
    for (String path :
        new String[] {
          "/no-such-page",
          "/executions/arn:aws:states:us-east-1:123456789012:execution:nope:gone",
          "/state-machines/no-such-machine"
        }) {
      open(path);
      assertThat(find("#not-found").getText()).as(path).isEqualTo("Not found");
      assertThat(driver.findElements(By.cssSelector("header.top nav a")))
          .extracting(WebElement::getText)
          .contains("Executions", "State machines", "Approvals");
      assertThat(find("main").getText()).contains("executions");
    }
    Chromium.screenshot("not-found");
  }

  @Test
  void everyPageStartsWithASkipLinkToItsContent() {
    open("/executions");
    WebElement skip = driver.findElements(By.cssSelector("body a")).getFirst();
    assertThat(skip.getAttribute("href")).endsWith("#main");
    assertThat(driver.findElements(By.id("main"))).hasSize(1);
  }
}
