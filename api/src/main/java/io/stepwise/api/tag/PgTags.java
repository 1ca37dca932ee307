package io.stepwise.api.tag;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Tags of state machines and activities in the {@code tags} table. */
@ApplicationScoped
public class PgTags {
  private final Database db;

  public PgTags(Database db) {
    this.db = db;
  }

  /** Adds the tags, replacing the values of keys the resource has. */
  public void put(String resourceArn, List<Tag> tags) {
    for (Tag tag : tags) {
      db.query(
          "INSERT INTO tags (resource_arn, key, value) VALUES ($1, $2, $3)"
              + " ON CONFLICT (resource_arn, key) DO UPDATE SET value = EXCLUDED.value",
          resourceArn,
          tag.key(),
          tag.value());
    }
  }

  public void remove(String resourceArn, Iterable<String> keys) {
    for (String key : keys) {
      db.query("DELETE FROM tags WHERE resource_arn = $1 AND key = $2", resourceArn, key);
    }
  }

  public void deleteAll(String resourceArn) {
    db.query("DELETE FROM tags WHERE resource_arn = $1", resourceArn);
  }

  /** The resource's tags, by key. */
  public List<Tag> of(String resourceArn) {
    List<Tag> out = new ArrayList<>();
    for (Row row :
        db.query("SELECT key, value FROM tags WHERE resource_arn = $1 ORDER BY key", resourceArn)) {
      out.add(new Tag(row.getString("key"), row.getString("value")));
    }
    return out;
  }
}
