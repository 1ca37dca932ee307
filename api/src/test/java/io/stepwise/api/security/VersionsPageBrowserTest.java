package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.Chromium;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;

/**
 * Versions and aliases on a state machine's page, in Chromium (issue 23): publish the current
 * definition with a description, the versions listed, an alias moved to another version with its
 * weights split, a version's own page with the definition it froze.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class VersionsPageBrowserTest {
  private static final String SECOND =
      "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"Next\":\"Ship\"},"
          + "\"Ship\":{\"Type\":\"Pass\",\"End\":true}}}";

  @Test
  void anEditorPublishesAVersionAndSplitsAnAliasBetweenTwo() throws Exception {
    try (VersionPages pages = VersionPages.signedIn()) {
      ChromeDriver driver = pages.driver;
      SfnClient sfn = pages.sfn;
      WebDriverWait wait = pages.wait;
      String name = Sfn.unique("versioned");
      String machine =
          sfn.createStateMachine(b -> b.name(name).definition(VersionPages.FIRST).roleArn(Sfn.ROLE))
              .stateMachineArn();

      pages.publishOnPage(name, "first <cut>", 1);
      assertThat(driver.findElement(VersionPages.versionRow(1)).getText()).contains("first <cut>");
      assertThat(
              sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
          .hasSize(1);

      sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(SECOND));
      sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).description("second"));
      String alias =
          sfn.createStateMachineAlias(
                  b ->
                      b.name("prod")
                          .routingConfiguration(
                              r -> r.stateMachineVersionArn(machine + ":1").weight(100)))
              .stateMachineAliasArn();

      pages.openMachine(name);
      WebElement form =
          wait.until(
              ExpectedConditions.presenceOfElementLocated(
                  By.cssSelector("[data-alias='prod'] form")));
      assertThat(driver.findElement(By.cssSelector("[data-alias='prod'] .routes")).getText())
          .isEqualTo("version 1 100%");
      new Select(form.findElement(By.name("version"))).selectByValue("2");
      WebElement weight = form.findElement(By.name("weight"));
      weight.clear();
      weight.sendKeys("80");
      new Select(form.findElement(By.name("otherVersion"))).selectByValue("1");
      form.findElement(By.tagName("button")).click();
      wait.until(
          ExpectedConditions.textToBe(
              By.cssSelector("[data-alias='prod'] .routes"), "version 2 80%, version 1 20%"));
      assertThat(
              sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias))
                  .routingConfiguration())
          .extracting(
              RoutingConfigurationListItem::stateMachineVersionArn,
              RoutingConfigurationListItem::weight)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(machine + ":2", 80),
              org.assertj.core.groups.Tuple.tuple(machine + ":1", 20));
      Chromium.screenshot(driver, "versions.png");

      // Version 1's page shows the definition it froze, not the machine's current one.
      driver.findElement(By.cssSelector("#versions tr[data-version='1'] a")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("version-definition")));
      assertThat(driver.findElement(By.id("version-definition")).getText())
          .contains("Prepare")
          .doesNotContain("Ship");
      assertThat(driver.findElements(By.cssSelector("#graph g.node[data-state='Prepare']")))
          .hasSize(1);
      assertThat(driver.findElement(By.id("version-description")).getText())
          .isEqualTo("first <cut>");
    }
  }
}
