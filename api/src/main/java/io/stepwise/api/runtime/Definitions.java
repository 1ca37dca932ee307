package io.stepwise.api.runtime;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed definitions by their text, so a step does not parse its execution's definition again. The
 * parsed tree is immutable and shared between threads; the cache keeps the most recent ones.
 */
@ApplicationScoped
public class Definitions {
  private static final int CAPACITY = 256;

  private final Map<String, StateMachineDefinition> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StateMachineDefinition> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The parsed definition; the text was validated when the machine was created. */
  public StateMachineDefinition parsed(String text) {
    synchronized (cache) {
      StateMachineDefinition d = cache.get(text);
      if (d != null) return d;
    }
    StateMachineDefinition parsed;
    try {
      parsed = DefinitionParser.parse(Json.parseTrusted(text));
    } catch (DefinitionException e) {
      throw new IllegalStateException("a stored definition no longer parses: " + e.getMessage(), e);
    }
    synchronized (cache) {
      cache.put(text, parsed);
    }
    return parsed;
  }
}
