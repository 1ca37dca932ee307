package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 23's version diff and "who published", in Chromium: versions published by
 * CreateStateMachine(publish), UpdateStateMachine(publish) and the page
 * (PublishStateMachineVersion) name their publisher; two versions picked on the list open the diff,
 * whose graphs mark added, removed and changed states with signs and a legend as well as colour,
 * and whose text marks changed lines; a bad {@code from} or {@code to} is a line on the page.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class VersionDiffBrowserTest {
  private static final String SECOND =
      "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"Next\":\"Ship\"},"
          + "\"Ship\":{\"Type\":\"Pass\",\"Next\":\"Audit\"},"
          + "\"Audit\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[{\"StartAt\":\"Log\","
          + "\"States\":{\"Log\":{\"Type\":\"Pass\",\"End\":true}}}]}}}";
  private static final String THIRD =
      "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"Result\":1,"
          + "\"Next\":\"Pack\"},\"Pack\":{\"Type\":\"Pass\",\"Next\":\"Audit\"},"
          + "\"Audit\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[{\"StartAt\":\"Log\","
          + "\"States\":{\"Log\":{\"Type\":\"Pass\",\"Result\":\"<b>\",\"End\":true}}}]}}}";

  @Test
  void twoPickedVersionsAreComparedSideBySideAndEachNamesItsPublisher() throws Exception {
    try (VersionPages pages = VersionPages.signedIn()) {
      ChromeDriver driver = pages.driver;
      SfnClient sfn = pages.sfn;
      WebDriverWait wait = pages.wait;
      String app = pages.app;
      String name = Sfn.unique("compared");
      String machine =
          sfn.createStateMachine(
                  b ->
                      b.name(name)
                          .definition(VersionPages.FIRST)
                          .roleArn(Sfn.ROLE)
                          .publish(true)
                          .versionDescription("created"))
              .stateMachineArn();
      sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(SECOND).publish(true));
      sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(THIRD));

      pages.publishOnPage(name, "third", 3);
      // The key's owner published versions 1 and 2 through the API, the signed-in admin version 3.
      for (String version : List.of("1", "2", "3")) {
        assertThat(
                driver
                    .findElement(
                        By.cssSelector(
                            "#versions tr[data-version='" + version + "'] .published-by"))
                    .getText())
            .as("version %s's publisher", version)
            .isEqualTo("admin");
      }

      new Select(driver.findElement(By.id("compare-from"))).selectByValue("2");
      new Select(driver.findElement(By.id("compare-to"))).selectByValue("3");
      driver.findElement(By.id("compare-button")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("diff-title")));
      assertThat(driver.getCurrentUrl()).contains("/state-machines/" + name + "/diff?from=2&to=3");
      assertThat(driver.findElement(By.id("diff-title")).getText())
          .isEqualTo("Version 2 → Version 3");
      assertThat(driver.findElement(By.id("diff-legend")).getText())
          .contains("+ added", "− removed", "~ changed");
      assertThat(
              driver.findElements(By.cssSelector("#state-changes li")).stream()
                  .map(WebElement::getText))
          .containsExactly("~ Log changed", "~ Prepare changed", "− Ship removed", "+ Pack added");

      // The older graph marks what it lost, the newer what it gained; both the changed ones.
      assertNode(driver, "from-graph", "Ship", "st-removed", "− ");
      assertNode(driver, "from-graph", "Prepare", "st-changed", "~ ");
      assertNode(driver, "from-graph", "Log", "st-changed", "~ ");
      assertNode(driver, "to-graph", "Pack", "st-added", "+ ");
      assertNode(driver, "to-graph", "Prepare", "st-changed", "~ ");
      assertThat(
              driver
                  .findElement(By.cssSelector("#from-graph g.node[data-state='Audit']"))
                  .getAttribute("class"))
          .as("a Parallel whose own fields are the same is not changed")
          .contains("st-plain");
      assertThat(driver.findElements(By.cssSelector("#to-graph g.node[data-state='Ship']")))
          .isEmpty();

      // The text: changed lines marked with a sign, user text escaped.
      List<WebElement> added = driver.findElements(By.cssSelector("#diff-text tr.diff-added"));
      List<WebElement> changed = driver.findElements(By.cssSelector("#diff-text tr.diff-changed"));
      assertThat(added.size() + changed.size()).isPositive();
      assertThat(driver.findElement(By.id("diff-text")).getText()).contains("\"Result\" : \"<b>\"");
      assertThat(
              driver.findElements(By.cssSelector("#diff-text tr.diff-same")).stream()
                  .map(r -> r.findElements(By.cssSelector("td.sign")).get(0).getText()))
          .allMatch(String::isEmpty);
      assertThat(
              driver.findElements(By.cssSelector("#diff-text tr:not(.diff-same) td.sign")).stream()
                  .map(WebElement::getText)
                  .filter(s -> !s.isEmpty()))
          .isNotEmpty()
          .allMatch(s -> s.equals("+") || s.equals("−") || s.equals("~"));
      Chromium.screenshot(driver, "version-diff.png");

      // A version's page compares it with the current definition.
      driver.get(app + "/state-machines/" + name + "/versions/1");
      assertThat(
              wait.until(ExpectedConditions.presenceOfElementLocated(By.id("version-published-by")))
                  .getText())
          .isEqualTo("admin");
      driver.findElement(By.id("compare-current")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("diff-title")));
      assertThat(driver.findElement(By.id("diff-title")).getText())
          .isEqualTo("Version 1 → Current definition");

      // Bad picks are a line naming what is wrong, on the page.
      problem(
          driver,
          wait,
          app + "/state-machines/" + name + "/diff?from=abc&to=2",
          "'from' must be a version number or 'current', not 'abc'.");
      problem(
          driver,
          wait,
          app + "/state-machines/" + name + "/diff?from=1&to=99",
          "'to': " + name + " has no version 99.");
      problem(
          driver,
          wait,
          app + "/state-machines/" + name + "/diff?from=1&to=%3Cscript%3E",
          "'to' must be a version number or 'current', not '<script>'.");
    }
  }

  private static void assertNode(
      ChromeDriver driver, String graph, String state, String css, String sign) {
    WebElement node =
        driver.findElement(By.cssSelector("#" + graph + " g.node[data-state='" + state + "']"));
    assertThat(node.getAttribute("class")).as("%s in %s", state, graph).contains(css);
    assertThat(node.findElement(By.cssSelector("text.type")).getText()).startsWith(sign);
    assertThat(node.getAttribute("aria-label")).contains(css.substring(3));
  }

  private static void problem(ChromeDriver driver, WebDriverWait wait, String url, String line) {
    driver.get(url);
    assertThat(
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("diff-problem")))
                .getText())
        .isEqualTo(line);
    assertThat(driver.findElements(By.id("diff-title"))).isEmpty();
  }
}
