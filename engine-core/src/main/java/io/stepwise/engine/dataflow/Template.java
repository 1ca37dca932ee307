package io.stepwise.engine.dataflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled field that builds a JSON value for one evaluation: a JSONPath payload template or a
 * JSONata template. Assign blocks of both query languages are templates.
 */
public interface Template {
  /** The value for this scope; throws a StatesException when evaluation fails. */
  JsonNode evaluate(DataScope scope);
}
