package io.stepwise.web.browser;

import static io.stepwise.web.browser.Chromium.find;
import static io.stepwise.web.browser.Chromium.setValue;
import static io.stepwise.web.browser.Chromium.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.Definitions;
import io.stepwise.web.TestServices;
import io.stepwise.web.page.Paths;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 24, item 1: form values beyond a few kilobytes (Quarkus's default form-attribute limit is
 * 2,048 bytes) work up to AWS's limits — definitions up to 1 MB, inputs up to 256 KiB — in every
 * form and live check; a value over the limit gets a readable message on the page and the text
 * stays in the field.
 */
@QuarkusTest
class FormLimitsBrowserTest extends BrowserPage {
  /** A valid definition of about {@code size} characters (the comment pads it). */
  static String definitionOf(int size) {
    String body =
        "{\"Comment\": \"%s\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\","
            + " \"End\": true}}}";
    return body.formatted("c".repeat(Math.max(0, size - body.length() + 2)));
  }

  /** A JSON input of about {@code size} bytes. */
  static String inputOf(int size) {
    return "{\"blob\": \"" + "x".repeat(Math.max(0, size - 12)) + "\"}";
  }

  private String fieldValue(String css) {
    return (String) Chromium.script("return document.querySelector(arguments[0]).value;", css);
  }

  @Test
  void largeDefinitionsAreCheckedCreatedAndUpdated() {
    driver.get(url("/state-machines"));
    find("input[name=name]").sendKeys("big-definition");
    String large = definitionOf(900_000);
    setValue(find("#definition"), large);
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("definition-ok")));
    find("#create-button").click();
    waiting().until(ExpectedConditions.urlContains("/state-machines/big-definition"));
    assertThat(find("#definition-json").getText()).contains("ccccc");

    // Update with a definition just over the 2 KB that used to be refused.
    Chromium.script("document.querySelector('#update-form').closest('details').open = true;");
    String updated = definitionOf(2_041).replace("\"c", "\"updated c");
    setValue(find("#update-form textarea[name=definition]"), updated);
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("definition-ok")));
    find("#update-button").click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("definition-json"), "updated c"));
  }

  @Test
  void aDefinitionOverAwsLimitIsExplainedAndKept() {
    driver.get(url("/state-machines"));
    find("input[name=name]").sendKeys("too-big-definition");
    String tooLarge = definitionOf(1_048_577 + 10);
    setValue(find("#definition"), tooLarge);
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("diagnostics"), "1,048,576"));
    Chromium.script("window.marker = true;");
    find("#create-button").click(); // the page keeps it: nothing is uploaded
    assertThat(driver.getCurrentUrl()).endsWith("/state-machines");
    // Sent anyway (form.submit() skips the page's check): the server says the same, text kept.
    Chromium.script("document.getElementById('create-form').submit();");
    waiting().until(d -> Chromium.script("return window.marker === undefined;"));
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("diagnostics"), "1,048,576"));
    assertThat(fieldValue("#definition")).isEqualTo(tooLarge);
    assertThat(TestServices.MACHINES.list(100, null).items())
        .noneMatch(m -> m.name().equals("too-big-definition"));
    Chromium.screenshot("form-limits-definition");
  }

  private void openStartForm(String machineName) {
    String machine =
        TestServices.MACHINES
            .create(machineName, Definitions.CHOICE, StateMachineType.STANDARD)
            .arn();
    driver.get(url("/executions/new?stateMachine=" + Paths.encode(machine)));
  }

  @Test
  void largeInputsStartAndRunAgainAndOversizedOnesAreExplainedAndKept() {
    openStartForm("big-input");
    String large = inputOf(200_000).replace("{", "{\"n\": 1, \"cap\": 2, ");
    setValue(find("#start-form textarea[name=input]"), large);
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("input-check"), "valid"));
    find("#start-button").click();
    waiting().until(ExpectedConditions.urlContains("/executions/arn"));
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("execution-status"), "S"));

    // Run again, with an input over AWS's 256 KiB: refused with a readable line, text kept.
    find("#again-link").click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("again-input")));
    String tooLarge = inputOf(262_145 + 100);
    setValue(find("#again-input"), tooLarge);
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("input-check"), "262,144"));
    find("#again-button").click(); // the page keeps it: nothing is uploaded
    assertThat(driver.getCurrentUrl()).endsWith("/again");
    assertThat(find("#input-check").getText()).contains("262,144");
    // Sent anyway (form.submit() skips the page's check): the server says the same, text kept.
    Chromium.script("document.getElementById('again-form').submit();");
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("again-error"), "262,144"));
    assertThat(fieldValue("#again-input")).isEqualTo(tooLarge);

    // Just under the limit runs again.
    setValue(find("#again-input"), inputOf(250_000));
    find("#again-button").click();
    waiting().until(ExpectedConditions.urlContains("--again"));
  }

  @Test
  void aValueBeyondWhatTheServerTakesStaysInTheFieldWithAMessage() {
    openStartForm("huge-input");
    String huge = inputOf(6_000_000);
    setValue(find("#start-form textarea[name=input]"), huge);
    find("#start-button").click();
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("input-check"), "262,144"));
    assertThat(driver.getCurrentUrl()).contains("/executions/new");
    assertThat(fieldValue("#start-form textarea[name=input]")).hasSize(huge.length());
  }
}
