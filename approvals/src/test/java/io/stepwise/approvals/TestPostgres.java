package io.stepwise.approvals;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The tests' PostgreSQL: an embedded one (zonky, real binaries from a Maven jar) started for the
 * suite, or the database {@code STEPWISE_TEST_DB_URL} names (with _USER / _PASSWORD).
 */
public class TestPostgres implements QuarkusTestResourceLifecycleManager {
  private EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    String url = System.getenv("STEPWISE_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return Map.of(
          "quarkus.datasource.jdbc.url", url,
          "quarkus.datasource.reactive.url", url.substring("jdbc:".length()),
          "quarkus.datasource.username", env("STEPWISE_TEST_DB_USER", "postgres"),
          "quarkus.datasource.password", env("STEPWISE_TEST_DB_PASSWORD", ""));
    }
    try {
      postgres = EmbeddedPostgres.builder().setPort(FreePorts.next()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
    String embedded = "postgresql://localhost:" + postgres.getPort() + "/postgres";
    return Map.of(
        "quarkus.datasource.jdbc.url",
        "jdbc:" + embedded,
        "quarkus.datasource.reactive.url",
        embedded,
        "quarkus.datasource.username",
        "postgres");
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null ? fallback : v;
  }

  @Override
  public void stop() {
    if (postgres == null) return;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
