package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.JSON_MERGE;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.STRING_TO_JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;

/** States.StringToJson, States.JsonToString and States.JsonMerge. */
final class JsonFunctions {
  /** Rejects text after the value ("1 2"), which readTree would otherwise ignore. */
  private static final ObjectReader READER =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonFunctions() {}

  /**
   * Parses the string. An empty or blank string gives null (intrinsics/string_to_json_0 and _1),
   * numbers keep their exact form, "-0" gives 0 (intrinsics/string_to_json_3).
   */
  static JsonNode stringToJson(JsonNode input) {
    String text = Arguments.string(STRING_TO_JSON, 1, input);
    if (text.isBlank()) return Json.NODES.nullNode();
    try {
      return READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw IntrinsicFailure.invalidArguments(
          STRING_TO_JSON, "argument 1 is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Compact JSON text of any value (intrinsics/json_to_string_*). */
  static JsonNode jsonToString(JsonNode value) {
    return Json.text(Json.write(value));
  }

  /**
   * Shallow merge: the second object's fields replace the first's, nested objects are not merged
   * (intrinsics/json_merge). AWS supports only shallow merging, so the flag must be false.
   */
  static JsonNode merge(JsonNode first, JsonNode second, JsonNode deep) {
    Arguments.object(JSON_MERGE, 1, first);
    Arguments.object(JSON_MERGE, 2, second);
    if (Arguments.bool(JSON_MERGE, 3, deep)) {
      throw IntrinsicFailure.invalidArguments(
          JSON_MERGE, "deep merging is not supported; argument 3 must be false");
    }
    ObjectNode merged = Json.object();
    merged.setAll((ObjectNode) first);
    merged.setAll((ObjectNode) second);
    return merged;
  }
}
