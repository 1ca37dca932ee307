package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps deploy/README.md's configuration reference equal to what the code declares. When it fails,
 * regenerate: {@code ./mvnw -pl api test -Dtest=ConfigurationReferenceTest
 * -Dstepwise.regenerate=true}, and describe new settings in deploy/config-descriptions.properties.
 */
class ConfigurationReferenceTest {
  static final Path REPO =
      Path.of(System.getProperty("stepwise.repo", "..")).toAbsolutePath().normalize();

  @Test
  void deployReadmeHoldsTheReferenceTheCodeDeclares() throws Exception {
    ConfigurationReference reference = new ConfigurationReference(REPO).read();
    Path readme = REPO.resolve("deploy/README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf(ConfigurationReference.START);
    int end = text.indexOf(ConfigurationReference.END);
    assertThat(start).as("deploy/README.md has the reference markers").isNotNegative();
    assertThat(end).isGreaterThan(start);
    String committed = text.substring(start, end + ConfigurationReference.END.length());
    String generated = reference.markdown();
    if (Boolean.getBoolean("stepwise.regenerate") && !committed.equals(generated)) {
      Files.writeString(readme, text.replace(committed, generated), StandardCharsets.UTF_8);
      return;
    }
    assertThat(committed)
        .as("deploy/README.md is out of date; rerun with -Dstepwise.regenerate=true")
        .isEqualTo(generated);
  }

  @Test
  void everyDescriptionNamesASettingTheCodeStillHas() {
    assertThat(new ConfigurationReference(REPO).read().staleDescriptions()).isEmpty();
  }

  @Test
  void readsKeysFromEveryKindOfDeclaration() {
    ConfigurationReference reference = new ConfigurationReference(REPO).read();
    assertThat(reference.keyNames())
        .contains(
            "stepwise.retention.days", // @ConfigMapping + @WithDefault
            "stepwise.region", // @ConfigProperty
            "stepwise.retention.interval", // ${key:default} in @Scheduled
            "quarkus.log.console.json.enabled"); // application.properties
    assertThat(reference.environmentNames())
        .contains("STEPWISE_DB_URL", "STEPWISE_LOG_JSON", "STEPWISE_SERVER");
    assertThat(reference.markdown())
        .contains("| `stepwise.retention.days` | `STEPWISE_RETENTION_DAYS` | `90` |");
  }
}
