package io.stepwise.web.graph;

import io.stepwise.engine.asl.StateMachineDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The laid-out graphs of recently viewed definitions. Layout costs milliseconds to a quarter
 * second, and a live execution page redraws on every step, so each definition is laid out once.
 */
@ApplicationScoped
public class DefinitionDrawings {
  private static final int CAPACITY = 128;

  // Keyed by the definition text: services may hand out a fresh parsed tree on every call.
  private final Map<String, GraphDrawing> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GraphDrawing> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The drawing of a definition; {@code text} is its JSON text, the cache key. */
  public GraphDrawing of(String text, StateMachineDefinition definition) {
    synchronized (cache) {
      GraphDrawing known = cache.get(text);
      if (known != null) return known;
    }
    GraphDrawing drawing = GraphLayout.layout(FlowGraphBuilder.of(definition.graph()));
    synchronized (cache) {
      cache.put(text, drawing);
    }
    return drawing;
  }
}
