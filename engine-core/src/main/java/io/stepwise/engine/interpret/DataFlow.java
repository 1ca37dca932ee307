package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.DataPath;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.PayloadTemplate;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;

/** The data-flow stages: InputPath, templates, ResultPath and OutputPath; JSONata's Output. */
final class DataFlow {
  private DataFlow() {}

  /** InputPath and OutputPath: select part of the value; null gives {@code {}}. */
  static JsonNode select(DataPath path, DataScope scope, JsonNode value) {
    if (path.isDiscard()) return Json.object();
    if (path.isIdentity()) return value;
    try {
      return path.path().read(scope.rootFor(path.path(), value));
    } catch (PathNotFoundException e) {
      // AWS: paths/invalid_jsonpath_st_invalid_jsonpath_in_inputpath
      throw StateEvaluationException.runtime(
          "Invalid path '" + path.path().text() + "' : " + e.getMessage());
    }
  }

  /** Parameters / ResultSelector / ItemSelector: the template's value, or the value itself. */
  static JsonNode template(PayloadTemplate template, DataScope scope) {
    return template == null ? scope.input() : template.evaluate(scope);
  }

  /** A JSONata state's Output: the template's value, or {@code fallback} when there is none. */
  static JsonNode output(JsonataTemplate output, DataScope scope, JsonNode fallback) {
    return output == null ? fallback : output.evaluate(scope);
  }

  /**
   * ResultPath: combine the state's raw input with its result. For a top-level field the output's
   * size is derived from the input's, so the payload check stays cheap on large documents.
   */
  static JsonNode placeResult(
      DataPath path, JsonNode rawInput, JsonNode result, PayloadSize sizes) {
    if (path.isDiscard()) return rawInput;
    if (path.path().isRoot()) return result;
    try {
      JsonNode output = path.path().set(rawInput, result);
      String field = path.path().topLevelField();
      if (field != null) sizes.derive(rawInput, field, result, output);
      return output;
    } catch (PathNotFoundException e) {
      throw new StateEvaluationException(
          ErrorNames.RESULT_PATH_MATCH_FAILURE,
          "Unable to apply ResultPath '" + path.path().text() + "' to input: " + e.getMessage());
    }
  }
}
