package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person signs in through Keycloak's own login page in headless Chromium, lands on the page they
 * asked for with their name and roles, is refused the admin-only audit log, and signs out (after
 * which the page sends them to sign in again).
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SsoBrowserTest {

  @Test
  void signsInThroughKeycloakAndSignsOut() throws Exception {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
    ChromeDriver driver = Chromium.start("sso-chromium");
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      String app = Sfn.endpoint().toString();
      driver.get(app + "/security/keys");
      // Keycloak's login page.
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      assertThat(driver.getCurrentUrl()).startsWith(KeycloakServer.url());
      driver.findElement(By.id("username")).sendKeys("oscar");
      driver.findElement(By.id("password")).sendKeys("oscar-password");
      driver.findElement(By.id("kc-login")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));
      assertThat(driver.getCurrentUrl()).startsWith(app + "/security/keys");
      assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("oscar");

      driver.get(app + "/auth/me");
      assertThat(driver.getPageSource()).contains("\"operator\"").contains("team-a");

      driver.get(app + "/security/audit");
      assertThat(driver.getPageSource()).contains("Not allowed");

      driver.get(app + "/security/keys");
      driver.findElement(By.id("create-key")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
      assertThat(driver.findElement(By.id("secret")).getText()).hasSizeGreaterThan(30);

      driver.get(app + "/security/keys");
      driver.findElement(By.id("sign-out")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
      driver.get(app + "/security/keys");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      assertThat(driver.getCurrentUrl()).startsWith(KeycloakServer.url());
    } finally {
      driver.quit();
    }
  }
}
