package io.stepwise.api.activity;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The activities of the catalog in the {@code activities} table. */
@ApplicationScoped
public class PgActivities {
  private final Database db;

  public PgActivities(Database db) {
    this.db = db;
  }

  /** An activity as the API describes it. */
  public record Activity(String arn, String name, Instant createdAt) {}

  /** Creates the activity, or returns the one of that name (CreateActivity is idempotent). */
  public Activity create(String arn, String name, Instant now) {
    db.query(
        "INSERT INTO activities (arn, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        arn,
        name,
        now);
    return find(arn).orElseThrow();
  }

  public Optional<Activity> find(String arn) {
    for (Row row : db.query("SELECT arn, name, created_at FROM activities WHERE arn = $1", arn)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  public void delete(String arn) {
    db.query("DELETE FROM activities WHERE arn = $1", arn);
  }

  public List<Activity> page(String afterName, int limit) {
    List<Activity> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT arn, name, created_at FROM activities WHERE ($1::text IS NULL OR name > $1)"
                + " ORDER BY name LIMIT $2",
            afterName,
            limit)) {
      out.add(read(row));
    }
    return out;
  }

  private static Activity read(Row row) {
    return new Activity(
        row.getString("arn"), row.getString("name"), Database.instant(row, "created_at"));
  }
}
