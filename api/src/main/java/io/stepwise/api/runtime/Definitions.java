package io.stepwise.api.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Parsed definitions by their text, and by the number an execution stores it under ({@code
 * definitions}, V162), so a step neither reads nor parses its execution's definition again. The
 * parsed tree is immutable and shared between threads; the caches keep the most recent ones.
 */
@ApplicationScoped
public class Definitions {
  private static final int CAPACITY = 256;

  private final Cache<String, StateMachineDefinition> cache =
      Caffeine.newBuilder().maximumSize(CAPACITY).build();

  private final Cache<Long, StateMachineDefinition> stored =
      Caffeine.newBuilder().maximumSize(CAPACITY).build();

  /** The parsed definition stored under {@code id}, read in {@code sql} unless cached. */
  public StateMachineDefinition stored(Database.Sql sql, long id) {
    StateMachineDefinition known = stored.getIfPresent(id);
    if (known != null) return known;
    // Read outside the cache's computation, which must not wait on the database.
    StateMachineDefinition read = parsed(text(sql, id));
    stored.put(id, read);
    return read;
  }

  private static String text(Database.Sql sql, long id) {
    for (Row row : sql.query("SELECT body FROM definitions WHERE id = $1", id)) {
      return row.getString("body");
    }
    throw new IllegalStateException("no stored definition " + id);
  }

  /** The parsed definition; the text was validated when the machine was created. */
  public StateMachineDefinition parsed(String text) {
    return cache.get(text, Definitions::parse);
  }

  private static StateMachineDefinition parse(String text) {
    try {
      return DefinitionParser.parse(Json.parseTrusted(text));
    } catch (DefinitionException e) {
      throw new IllegalStateException("a stored definition no longer parses: " + e.getMessage(), e);
    }
  }
}
