package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Distributed Map children in the assembled server, in Chromium (issue 24 item 5, issue 23's Map
 * Run page): the executions list leaves them out, the parent's Map state leads to its Map Run, the
 * Map Run page counts and filters the children and updates the run (with the page's CSRF token
 * only), and a child's page draws its graph and links to its parent and Map Run.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class MapRunPagesBrowserTest {
  /** Six children: items over 4 fail (two), the rest succeed; five failures are tolerated. */
  private static final String FAN_OUT =
      "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Map\",\"MaxConcurrency\":3,"
          + "\"ToleratedFailureCount\":5,"
          + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
          + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"Size\",\"States\":{"
          + "\"Size\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":4,"
          + "\"Next\":\"TooBig\"}],\"Default\":\"Fine\"},"
          + "\"TooBig\":{\"Type\":\"Fail\",\"Error\":\"TooBig\",\"Cause\":\"over four\"},"
          + "\"Fine\":{\"Type\":\"Succeed\"}}},\"End\":true}}}";

  private static final String ITEMS =
      "[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4},{\"n\":5},{\"n\":6}]";

  private static List<String> rows(ChromeDriver driver, String table, int column) {
    return driver
        .findElements(By.cssSelector("#" + table + " tbody tr td:nth-child(" + column + ")"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String enc(String arn) {
    return URLEncoder.encode(arn, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void mapRunChildrenLiveOnTheirMapRunsPageAndTheirOwnPagesWork() throws Exception {
    ChromeDriver driver = Chromium.start();
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String name = Sfn.unique("fan-out");
      String machine =
          sfn.createStateMachine(b -> b.name(name).definition(FAN_OUT).roleArn(Sfn.ROLE))
              .stateMachineArn();
      String parentName = Sfn.unique("nightly");
      String parent =
          sfn.startExecution(b -> b.stateMachineArn(machine).name(parentName).input(ITEMS))
              .executionArn();
      assertThat(Sfn.awaitEnd(sfn, parent, Duration.ofSeconds(60)).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      String mapRun = sfn.listMapRuns(b -> b.executionArn(parent)).mapRuns().getFirst().mapRunArn();
      List<String> children =
          sfn.listExecutions(b -> b.mapRunArn(mapRun)).executions().stream()
              .map(ExecutionListItem::name)
              .toList();
      assertThat(children).hasSize(6);

      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      String app = Sfn.endpoint().toString().replaceAll("/$", "");
      LocalProfile.signIn(driver, wait);

      // The executions list shows the parent, not its children.
      driver.get(app + "/executions");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("executions")));
      // The name is the second column: the first holds the bulk actions' checkboxes.
      assertThat(rows(driver, "executions", 2))
          .contains(parentName)
          .doesNotContainAnyElementsOf(children);

      // The parent's Map state leads to its Map Run.
      driver.get(app + "/executions/" + enc(parent));
      // By script: a container's middle is covered by its states; the page may redraw the graph.
      wait.ignoring(StaleElementReferenceException.class)
          .until(
              d -> {
                driver.executeScript(
                    "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));",
                    d.findElement(By.cssSelector("#graph g.node[data-state='Fan']")));
                return !d.findElements(By.id("state-map-run")).isEmpty();
              });
      wait.ignoring(StaleElementReferenceException.class)
          .until(
              d -> {
                d.findElement(By.id("state-map-run")).click();
                return true;
              });
      wait.until(ExpectedConditions.urlContains("/map-runs/"));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("map-run-counts")));
      assertThat(driver.findElement(By.cssSelector("[data-count=succeeded]")).getText())
          .isEqualTo("4");
      assertThat(driver.findElement(By.cssSelector("[data-count=failed]")).getText())
          .isEqualTo("2");
      assertThat(driver.findElement(By.cssSelector("[data-count=total]")).getText()).isEqualTo("6");
      assertThat(driver.findElement(By.id("map-run-failures")).getText()).startsWith("2 (33.3%)");
      assertThat(driver.findElement(By.id("map-run-tolerated")).getText()).startsWith("5 children");
      assertThat(rows(driver, "map-run-children", 1)).containsExactlyInAnyOrderElementsOf(children);
      assertThat(driver.findElement(By.id("map-run-parent")).getText()).isEqualTo(parentName);

      // Filtered by status, by keyboard: the failed children, with their error.
      WebElement failed =
          driver.findElement(By.cssSelector("#map-run-counts a[href$='status=FAILED']"));
      failed.sendKeys(org.openqa.selenium.Keys.ENTER);
      wait.until(ExpectedConditions.urlContains("status=FAILED"));
      assertThat(rows(driver, "map-run-children", 3)).containsExactly("TooBig", "TooBig");

      // UpdateMapRun through the form.
      WebElement concurrency = driver.findElement(By.id("max-concurrency"));
      concurrency.clear();
      concurrency.sendKeys("7");
      driver.findElement(By.id("map-run-save")).click();
      wait.until(ExpectedConditions.textToBe(By.id("map-run-concurrency"), "7"));
      assertThat(sfn.describeMapRun(b -> b.mapRunArn(mapRun)).maxConcurrency()).isEqualTo(7);

      // A post without the page's CSRF token changes nothing.
      Object status =
          driver.executeAsyncScript(
              "var done = arguments[arguments.length - 1];"
                  + "fetch(location.pathname, {method: 'POST', body: new URLSearchParams("
                  + "{maxConcurrency: '9'})}).then(r => done(r.status));");
      assertThat(((Number) status).intValue()).isEqualTo(403);
      assertThat(sfn.describeMapRun(b -> b.mapRunArn(mapRun)).maxConcurrency()).isEqualTo(7);
      Chromium.screenshot(driver, "map-run.png");

      // A child's page: its graph, its parent, its Map Run, the machine that runs the Map.
      driver.findElement(By.cssSelector("#map-run-children tbody a")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("child-parent")));
      assertThat(driver.findElements(By.cssSelector("#graph g.node[data-state='TooBig']")))
          .hasSize(1);
      assertThat(driver.findElement(By.id("child-parent")).getText()).isEqualTo(parentName);
      assertThat(driver.findElement(By.id("child-map-run")).getAttribute("href"))
          .endsWith(enc(mapRun));
      assertThat(
              driver
                  .findElement(By.cssSelector(".facts a[href^='/state-machines/']"))
                  .getAttribute("href"))
          .endsWith("/state-machines/" + name);
      Chromium.screenshot(driver, "map-run-child.png");
      driver.findElement(By.id("child-map-run")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("map-run-counts")));
    } finally {
      driver.quit();
    }
  }
}
