package io.stepwise.web.browser;

import io.quarkus.test.common.http.TestHTTPResource;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.TestServices;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

/** What a browser test of issue 24's items starts from: the shared Chromium at desktop size. */
abstract class BrowserPage {
  @TestHTTPResource("/")
  URL root;

  ChromeDriver driver;

  @BeforeEach
  void desktopBrowser() {
    driver = Chromium.driver();
    driver.manage().window().setSize(Chromium.DESKTOP);
  }

  String url(String path) {
    return root.toString().replaceAll("/$", "") + path;
  }

  void open(String path) {
    driver.get(url(path));
  }

  /**
   * Starts {@code <name>-run} of the machine {@code name} (created with the definition on first
   * use) in the in-memory services; returns its ARN.
   */
  static String start(String name, String definition, String input) {
    String machine =
        TestServices.MACHINES
            .describe("arn:aws:states:us-east-1:123456789012:stateMachine:" + name)
            .orElseGet(
                () -> TestServices.MACHINES.create(name, definition, StateMachineType.STANDARD))
            .arn();
    return TestServices.EXECUTIONS.start(machine, name + "-run", input).executionArn();
  }
}
