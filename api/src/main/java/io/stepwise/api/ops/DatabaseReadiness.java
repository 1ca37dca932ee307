package io.stepwise.api.ops;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check: PostgreSQL answers within a few seconds and the schema has been migrated. A
 * node whose database is unreachable takes no traffic until it reconnects.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final Pool pool;

  public DatabaseReadiness(Pool pool) {
    this.pool = pool;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("stepwise-database");
    try {
      Row row =
          pool.query(
                  "SELECT (SELECT version FROM flyway_schema_history WHERE success"
                      + " ORDER BY installed_rank DESC LIMIT 1) AS schema_version")
              .execute()
              .await()
              .atMost(TIMEOUT)
              .iterator()
              .next();
      String version = row.getString("schema_version");
      return response
          .status(version != null)
          .withData("schemaVersion", String.valueOf(version))
          .build();
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
