package io.stepwise.api.tag;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.protocol.AwsError;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tags of state machines and activities in the {@code tags} table. */
@ApplicationScoped
public class PgTags {
  private final Database db;

  public PgTags(Database db) {
    this.db = db;
  }

  /** Adds or replaces the tags given in AWS's list form ({@code [{"key":..,"value":..}]}). */
  public void put(String resourceArn, JsonNode tags) {
    if (tags == null || tags.isNull()) return;
    if (!tags.isArray()) throw AwsError.validation("tags must be a list");
    for (JsonNode tag : tags) {
      String key = tag.path("key").asText("");
      if (key.isEmpty() || key.length() > 128 || !tag.path("key").isTextual()) {
        throw AwsError.validation(
            "1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint:"
                + " Member must have length between 1 and 128");
      }
      String value = tag.path("value").asText("");
      if (value.length() > 256) {
        throw AwsError.validation(
            "1 validation error detected: Value at 'tags.member.value' failed to satisfy"
                + " constraint: Member must have length less than or equal to 256");
      }
      db.query(
          "INSERT INTO tags (resource_arn, key, value) VALUES ($1, $2, $3)"
              + " ON CONFLICT (resource_arn, key) DO UPDATE SET value = EXCLUDED.value",
          resourceArn,
          key,
          value);
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

  public Map<String, String> of(String resourceArn) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Row row :
        db.query("SELECT key, value FROM tags WHERE resource_arn = $1 ORDER BY key", resourceArn)) {
      out.put(row.getString("key"), row.getString("value"));
    }
    return out;
  }
}
