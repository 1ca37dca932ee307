package io.stepwise.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stepwise.api.postgres.DatabaseUrls;
import io.stepwise.api.postgres.EmbeddedDatabase;
import java.util.Map;

/**
 * The test suite's PostgreSQL: an embedded one started for the suite, or the database that {@code
 * STEPWISE_TEST_DB_URL} (jdbc form, with STEPWISE_TEST_DB_USER / _PASSWORD) names.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
  private EmbeddedDatabase db;

  @Override
  public Map<String, String> start() {
    String url = System.getenv("STEPWISE_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return Map.of(
          "quarkus.datasource.jdbc.url", url,
          "quarkus.datasource.reactive.url", DatabaseUrls.reactive(url),
          "quarkus.datasource.username", env("STEPWISE_TEST_DB_USER", "postgres"),
          "quarkus.datasource.password", env("STEPWISE_TEST_DB_PASSWORD", ""));
    }
    db = EmbeddedDatabase.start(null, 0);
    return Map.of(
        "quarkus.datasource.jdbc.url", db.jdbcUrl(),
        "quarkus.datasource.reactive.url", db.reactiveUrl(),
        "quarkus.datasource.username", db.user());
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null ? fallback : v;
  }

  @Override
  public void stop() {
    if (db != null) db.close();
  }
}
