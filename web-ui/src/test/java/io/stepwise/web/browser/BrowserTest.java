package io.stepwise.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.web.Definitions;
import io.stepwise.web.TestServices;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in real headless Chromium: create a machine, start an execution, watch a state change
 * colour live, open a state's data, page through a long history, stop an execution. Skipped (with
 * one line saying so) where Chromium is missing, except under CI, where that is a failure.
 */
@QuarkusTest
class BrowserTest {
  private static ChromeDriver driver;

  @TestHTTPResource("/")
  URL root;

  @BeforeAll
  static void startBrowser() {
    driver = Chromium.driver();
    driver.manage().window().setSize(Chromium.DESKTOP);
  }

  private String url(String path) {
    return root.toString().replaceAll("/$", "") + path;
  }

  private WebDriverWait waiting() {
    return Chromium.waiting();
  }

  private static void screenshot(String name) throws IOException {
    String folder = System.getProperty("stepwise.screenshots");
    if (folder == null) return;
    Path target = Path.of(folder, name + ".png");
    Files.createDirectories(target.getParent());
    Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
  }

  private static void setValue(WebElement field, String value) {
    Chromium.setValue(field, value);
  }

  private static String stateClass(String state) {
    return driver
        .findElement(By.cssSelector(".graph g.node[data-state='" + state + "']"))
        .getAttribute("class");
  }

  @Test
  void createStartWatchLiveInspectPageAndStop() throws IOException {
    // Create a state machine from the browser, with validation on the spot.
    driver.get(url("/state-machines"));
    driver.findElement(By.name("name")).sendKeys("browser-flow");
    WebElement definition = driver.findElement(By.id("definition"));
    setValue(
        definition,
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nope\"}}}");
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("diagnostics"), "/States/A/Next"));
    setValue(definition, Definitions.ACTIVITY);
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("definition-ok")));
    screenshot("state-machines");
    driver.findElement(By.id("create-button")).click();
    waiting().until(ExpectedConditions.urlContains("/state-machines/browser-flow"));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.graph-svg")));
    screenshot("state-machine");

    // Start an execution from the machine's page.
    setValue(
        driver.findElement(By.cssSelector("#start-form textarea[name=input]")), "{\"order\": 42}");
    driver.findElement(By.id("start-button")).click();
    waiting().until(ExpectedConditions.urlContains("/executions/arn"));
    waiting().until(d -> stateClass("Approve").contains("st-running"));
    waiting().until(d -> stateClass("Prepare").contains("st-succeeded"));
    ((JavascriptExecutor) driver).executeScript("window.stillTheSamePage = true;");
    screenshot("execution-running");

    // Complete the activity through the service: the page changes colour without a reload.
    String executionArn =
        TestServices.EXECUTIONS
            .list(io.stepwise.engine.service.ExecutionQuery.all(100))
            .items()
            .stream()
            .filter(e -> e.stateMachineName().equals("browser-flow"))
            .findFirst()
            .orElseThrow()
            .executionArn();
    PendingTask task = TestServices.EXECUTIONS.pendingTasks(executionArn).getFirst();
    TestServices.EXECUTIONS.succeedTask(task.taskToken(), "{\"approved\": true}");
    waiting().until(d -> stateClass("Approve").contains("st-succeeded"));
    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "SUCCEEDED"));
    assertThat(
            ((JavascriptExecutor) driver).executeScript("return window.stillTheSamePage === true"))
        .isEqualTo(true);
    assertThat(driver.findElement(By.id("history-rows")).getText()).contains("ExecutionSucceeded");

    // Open a state's input and output.
    waiting()
        .until(
            d -> {
              d.findElement(By.cssSelector(".graph g.node[data-state='Approve'] rect")).click();
              return true;
            });
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("state-output"), "approved"));
    assertThat(driver.findElement(By.id("state-input")).getText()).contains("\"order\" : 42");
    screenshot("execution");

    // Page through a long history.
    String mapArn = TestServices.MACHINES.create("browser-map", Definitions.MAP, null).arn();
    StringBuilder items = new StringBuilder("{\"items\": [");
    for (int i = 0; i < 400; i++) items.append(i == 0 ? "" : ",").append(i);
    String longArn = TestServices.EXECUTIONS.start(mapArn, "long", items + "]}").executionArn();
    driver.get(url(io.stepwise.web.page.Paths.execution(longArn)));
    assertThat(driver.findElement(By.id("history-pager")).getText()).contains("1–100 of");
    driver.findElement(By.id("history-next")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("event-101")));
    driver.findElement(By.id("history-last")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("history-rows"), "ExecutionSucceeded"));
    screenshot("execution-map");

    // Stop a running execution.
    String runningArn =
        TestServices.EXECUTIONS
            .start(
                TestServices.MACHINES
                    .describe("arn:aws:states:us-east-1:123456789012:stateMachine:browser-flow")
                    .orElseThrow()
                    .arn(),
                "to-stop",
                "{}")
            .executionArn();
    driver.get(url(io.stepwise.web.page.Paths.execution(runningArn)));
    waiting()
        .until(
            d -> {
              d.findElement(By.id("stop-button")).click();
              return true;
            });
    waiting().until(ExpectedConditions.alertIsPresent()).accept();
    // Asked once: a second handler asking again would leave this dialog open and the stop unsent.
    assertThat(ExpectedConditions.alertIsPresent().apply(driver)).isNull();
    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "ABORTED"));
    waiting().until(d -> stateClass("Approve").contains("st-cancelled"));

    driver.get(url("/executions"));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("executions")));
    screenshot("executions");
  }

  private static String ttClass(String state) {
    return driver
        .findElement(By.cssSelector("#tt-graph g.node[data-state='" + state + "']"))
        .getAttribute("class");
  }

  @Test
  void timeTravelSliderMovesWithArrowKeysAndExplainsTheChoice() throws IOException {
    String machine =
        TestServices.MACHINES
            .create(
                "browser-choice",
                Definitions.CHOICE,
                io.stepwise.engine.asl.StateMachineType.STANDARD)
            .arn();
    String arn =
        TestServices.EXECUTIONS.start(machine, "pick", "{\"n\": 7, \"cap\": 3}").executionArn();
    driver.get(url(io.stepwise.web.page.Paths.execution(arn)));
    waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), "8"));
    assertThat(ttClass("Big")).contains("st-succeeded");
    assertThat(ttClass("Route")).contains("st-succeeded");

    WebElement slider = driver.findElement(By.id("tt-slider"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].focus();", slider);
    for (int i = 0; i < 4; i++) slider.sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
    waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), "4"));
    assertThat(slider.getAttribute("value")).isEqualTo("4");
    waiting().until(d -> ttClass("Route").contains("st-running"));
    assertThat(ttClass("Big")).doesNotContain("st-succeeded").doesNotContain("st-running");
    assertThat(driver.findElement(By.id("tt-status")).getText()).isEqualTo("RUNNING");
    slider.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
    waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), "5"));
    slider.sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
    waiting().until(ExpectedConditions.textToBe(By.id("tt-event-id"), "4"));

    // At the Choice's entry, ask why it went where it went.
    driver.findElement(By.id("tt-why")).click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("why-rules")));
    assertThat(driver.findElement(By.id("why-next")).getText()).isEqualTo("Big");
    String rules = driver.findElement(By.id("why-rules")).getText();
    assertThat(rules).contains("$.n").contains("NumericGreaterThanPath").contains("$.cap = 3");
    assertThat(rules).contains("$limitVar").contains("NumericLessThan").contains("100");
    screenshot("time-travel");

    // The same explanation from the live graph's state panel.
    waiting()
        .until(
            d -> {
              d.findElement(By.cssSelector("#graph g.node[data-state='Route'] rect")).click();
              return true;
            });
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("state-detail"), "NumericGreaterThanPath"));
  }
}
