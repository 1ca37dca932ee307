package io.stepwise.web.browser;

import io.quarkus.test.common.http.TestHTTPResource;
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
}
