package io.stepwise.api.activity;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.tag.Taggable;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The activities of the catalog in the {@code activities} table. */
@ApplicationScoped
public class PgActivities implements Taggable {
  private final Database db;

  public PgActivities(Database db) {
    this.db = db;
  }

  /** An activity as the API describes it. */
  public record Activity(String arn, String name, Instant createdAt) {}

  /** Inserts the activity; false when one of that name exists already. */
  public boolean insert(String arn, String name, Instant now) {
    return db.query(
                "INSERT INTO activities (arn, name, created_at) VALUES ($1, $2, $3)"
                    + " ON CONFLICT DO NOTHING",
                arn,
                name,
                now)
            .rowCount()
        == 1;
  }

  public Optional<Activity> find(String arn) {
    for (Row row : db.query("SELECT arn, name, created_at FROM activities WHERE arn = $1", arn)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  @Override
  public Arn.Kind kind() {
    return Arn.Kind.ACTIVITY;
  }

  @Override
  public boolean exists(String arn) {
    return find(arn).isPresent();
  }

  public void delete(String arn) {
    db.query("DELETE FROM activities WHERE arn = $1", arn);
  }

  /**
   * A page in name order after {@code afterName} (null: from the start) of the activities with one
   * of the {@code arns} (null: of all).
   */
  public List<Activity> page(String afterName, int limit, Set<String> arns) {
    List<Activity> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT arn, name, created_at FROM activities WHERE ($1::text IS NULL OR name > $1)"
                + " AND ($3::text[] IS NULL OR arn = ANY($3)) ORDER BY name LIMIT $2",
            afterName,
            limit,
            arns == null ? null : arns.toArray(String[]::new))) {
      out.add(read(row));
    }
    return out;
  }

  private static Activity read(Row row) {
    return new Activity(
        row.getString("arn"), row.getString("name"), Database.instant(row, "created_at"));
  }
}
