package io.stepwise.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A test run writes its screenshots under the module's target/, never over the documentation's
 * (docs/screenshots is refreshed by {@code ./stepwise docs-screenshots}, which runs BrowserTest
 * alone with the folder pointed there).
 */
class ScreenshotFolderTest {
  @Test
  void aTestRunWritesScreenshotsUnderTarget() {
    String folder = System.getProperty("stepwise.screenshots");
    assertThat(folder).as("the screenshot folder the build gives the tests").isNotNull();
    Path path = Path.of(folder).toAbsolutePath().normalize();
    assertThat(path.toString()).doesNotContain(Path.of("docs", "screenshots").toString());
    assertThat(path).startsWith(Path.of("target").toAbsolutePath());
  }
}
