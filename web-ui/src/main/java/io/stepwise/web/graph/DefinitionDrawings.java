package io.stepwise.web.graph;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stepwise.engine.asl.StateMachineDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The laid-out graphs of recently viewed definitions. Layout costs milliseconds to a quarter
 * second, and a live execution page redraws on every step, so each definition is laid out once.
 */
@ApplicationScoped
public class DefinitionDrawings {
  private static final int CAPACITY = 128;

  // Keyed by the definition text: services may hand out a fresh parsed tree on every call.
  private final Cache<String, GraphDrawing> cache =
      Caffeine.newBuilder().maximumSize(CAPACITY).build();

  /** The drawing of a definition; {@code text} is its JSON text, the cache key. */
  public GraphDrawing of(String text, StateMachineDefinition definition) {
    return cache.get(text, t -> GraphLayout.layout(FlowGraphBuilder.of(definition.graph())));
  }
}
