package io.stepwise.engine.dataflow.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;

/**
 * AWS's States.QueryEvaluationError texts. The interpreter prefixes them with the state's name and
 * entry event, like every evaluation failure.
 */
public final class QueryErrors {
  private QueryErrors() {}

  /** variables/undefined_reference_base_undefined_output_field. */
  public static StateEvaluationException undefined(String expression, String field) {
    return error(prefix(expression, field) + " returned nothing (undefined).", field);
  }

  /** jsonata/math_random_seeded: "T1006: Attempted to invoke a non-function". */
  public static StateEvaluationException threw(String expression, String field, String detail) {
    return error(prefix(expression, field) + " threw an error during evaluation. " + detail, field);
  }

  /** map/map_state_items_eval_jsonata_fail_boolean. */
  public static StateEvaluationException unexpectedType(
      String expression, String field, String expected, JsonNode value) {
    return error(
        prefix(expression, field)
            + " returned an unexpected result type. Expected '"
            + expected
            + "', but was '"
            + typeName(value)
            + "' for value: "
            + Json.write(value),
        field);
  }

  /** map/map_state_items_eval_jsonata_fail_function. */
  public static StateEvaluationException unsupported(String expression, String field) {
    return error(prefix(expression, field) + " returned an unsupported result type.", field);
  }

  /** A States.QueryEvaluationError with that cause, not one field's. */
  public static StateEvaluationException error(String cause) {
    return error(cause, null);
  }

  /**
   * A States.QueryEvaluationError with that cause, in that field (the EvaluationFailed event's
   * location, e.g. wait/wait_timestamp_jsonata_invalid_date's {@code Timestamp}).
   */
  public static StateEvaluationException error(String cause, String field) {
    return new StateEvaluationException(ErrorNames.QUERY_EVALUATION_ERROR, cause, field);
  }

  /** JSONata's name of a value's type, as AWS quotes it. */
  public static String typeName(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      default -> "null";
    };
  }

  private static String prefix(String expression, String field) {
    return "The JSONata expression '" + expression + "' specified for the field '" + field + "'";
  }
}
