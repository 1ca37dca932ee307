package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

/** An {@link IntrinsicContext} over fixed data, context object and variables, for tests. */
final class TestContext implements IntrinsicContext {
  private final JsonNode input;
  private final JsonNode contextObject;
  private final Map<String, JsonNode> variables = new HashMap<>();
  private final RandomGenerator random;

  TestContext(JsonNode input, JsonNode contextObject, long seed) {
    this.input = input;
    this.contextObject = contextObject;
    this.random = new Random(seed);
  }

  static TestContext of(String inputJson) {
    return new TestContext(Json.parseTrusted(inputJson), Json.object(), 42);
  }

  static TestContext empty() {
    return of("{}");
  }

  TestContext withVariable(String name, String json) {
    variables.put(name, Json.parseTrusted(json));
    return this;
  }

  @Override
  public JsonNode resolve(JsonPath path) {
    try {
      return path.read(path.isContextPath() ? contextObject : input);
    } catch (PathNotFoundException e) {
      throw new StatesException(ErrorNames.RUNTIME, "no value at " + path.text());
    }
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public JsonNode variable(String name) {
    JsonNode value = variables.get(name);
    return value != null ? value : IntrinsicContext.super.variable(name);
  }
}
