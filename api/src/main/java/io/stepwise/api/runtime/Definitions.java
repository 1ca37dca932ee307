package io.stepwise.api.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Parsed definitions by their text, so a step does not parse its execution's definition again. The
 * parsed tree is immutable and shared between threads; the cache keeps the most recent ones.
 */
@ApplicationScoped
public class Definitions {
  private static final int CAPACITY = 256;

  private final Cache<String, StateMachineDefinition> cache =
      Caffeine.newBuilder().maximumSize(CAPACITY).build();

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
