package io.stepwise.engine.dataflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicCall;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.json.Json;
import java.util.List;

/**
 * A compiled payload template (Parameters, ResultSelector, ItemSelector): JSON whose keys ending in
 * {@code .$} take their value from a path or an intrinsic call.
 */
public sealed interface PayloadTemplate extends Template {

  /** Builds the payload for one evaluation. */
  JsonNode evaluate(DataScope scope);

  /** A value without any {@code .$} field: evaluation returns it as is. */
  record Literal(JsonNode value) implements PayloadTemplate {
    public JsonNode evaluate(DataScope scope) {
      return value;
    }
  }

  /** An object with at least one dynamic field somewhere below it. */
  record ObjectTemplate(List<Field> fields) implements PayloadTemplate {
    public JsonNode evaluate(DataScope scope) {
      ObjectNode out = Json.object();
      for (Field f : fields) out.set(f.name(), f.value().evaluate(scope));
      return out;
    }
  }

  /** An array with at least one dynamic element somewhere below it. */
  record ArrayTemplate(List<PayloadTemplate> elements) implements PayloadTemplate {
    public JsonNode evaluate(DataScope scope) {
      ArrayNode out = Json.NODES.arrayNode(elements.size());
      for (PayloadTemplate e : elements) out.add(e.evaluate(scope));
      return out;
    }
  }

  /** {@code "key.$": "$.path"}: the value at the path. */
  record PathValue(JsonPath path, String field) implements PayloadTemplate {
    public JsonNode evaluate(DataScope scope) {
      return scope.resolve(path, field);
    }
  }

  /** {@code "key.$": "States.Format(...)"}: the call's result. */
  record IntrinsicValue(IntrinsicCall call, String field) implements PayloadTemplate {
    public JsonNode evaluate(DataScope scope) {
      return call.evaluate(scope.forIntrinsic(field));
    }
  }

  /** One field of an object template, its name without {@code .$}. */
  record Field(String name, PayloadTemplate value) {}
}
