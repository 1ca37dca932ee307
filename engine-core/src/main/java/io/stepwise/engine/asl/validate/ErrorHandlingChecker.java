package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Retry and Catch of Task, Parallel and Map states. */
final class ErrorHandlingChecker {
  private static final String ALL = "States.ALL";
  private static final Set<String> RETRIER_FIELDS =
      Set.of(
          "ErrorEquals",
          "IntervalSeconds",
          "MaxAttempts",
          "BackoffRate",
          "MaxDelaySeconds",
          "JitterStrategy",
          "Comment");
  private static final Set<String> JSONPATH_CATCHER_FIELDS =
      Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment");
  private static final Set<String> JSONATA_CATCHER_FIELDS =
      Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");

  private ErrorHandlingChecker() {}

  static void check(JsonNode state, String pointer, QueryLanguage language, Findings findings) {
    checkList(state, pointer, "Retry", language, findings);
    checkList(state, pointer, "Catch", language, findings);
  }

  private static void checkList(
      JsonNode state, String pointer, String field, QueryLanguage language, Findings findings) {
    JsonNode list = state.get(field);
    if (list == null) {
      return;
    }
    String at = pointer + "/" + field;
    if (!list.isArray()) {
      findings.schema(at, "The value for the field '" + field + "' must be an ARRAY");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String entryAt = at + "[" + i + "]";
      if (!entry.isObject()) {
        findings.schema(entryAt, "The value for the field '" + field + "' must be an OBJECT");
        continue;
      }
      boolean catchesAll = checkErrorEquals(entry, entryAt, findings);
      if (catchesAll && i != list.size() - 1) {
        findings.schema(
            entryAt,
            "A "
                + (field.equals("Retry") ? "Retrier" : "Catcher")
                + " with 'States.ALL' must be the last one in '"
                + field
                + "'");
      }
      if (field.equals("Retry")) {
        checkRetrier(entry, entryAt, findings);
      } else {
        checkCatcher(entry, entryAt, language, findings);
      }
    }
  }

  /** Returns true when the entry lists States.ALL. */
  private static boolean checkErrorEquals(JsonNode entry, String at, Findings findings) {
    JsonNode errors = entry.get("ErrorEquals");
    if (errors == null) {
      findings.schema(at, "These fields are required: [ErrorEquals]");
      return false;
    }
    if (!errors.isArray() || errors.isEmpty()) {
      findings.schema(at + "/ErrorEquals", "The field 'ErrorEquals' must be a non-empty ARRAY");
      return false;
    }
    boolean all = false;
    for (JsonNode error : errors) {
      if (!error.isTextual()) {
        findings.schema(at + "/ErrorEquals", "The values in 'ErrorEquals' must be STRINGs");
      } else if (error.asText().equals(ALL)) {
        all = true;
      }
    }
    if (all && errors.size() > 1) {
      findings.schema(at + "/ErrorEquals", "'States.ALL' must appear alone in 'ErrorEquals'");
    }
    return all;
  }

  private static void checkRetrier(JsonNode retrier, String at, Findings findings) {
    unsupported(retrier, at, RETRIER_FIELDS, findings);
    FieldRules.integer(retrier, at, "IntervalSeconds", 1, false, findings);
    FieldRules.integer(retrier, at, "MaxAttempts", 0, false, findings);
    FieldRules.integer(retrier, at, "MaxDelaySeconds", 1, false, findings);
    FieldRules.number(retrier, at, "BackoffRate", 1.0, FieldRules.MAX_INT, false, findings);
    JsonNode jitter = retrier.get("JitterStrategy");
    if (jitter != null && !List.of("FULL", "NONE").contains(jitter.asText(""))) {
      findings.schema(
          at + "/JitterStrategy",
          "The field 'JitterStrategy' should have one of these values: [FULL, NONE]");
    }
  }

  private static void checkCatcher(
      JsonNode catcher, String at, QueryLanguage language, Findings findings) {
    boolean jsonata = language == QueryLanguage.JSONATA;
    unsupported(catcher, at, jsonata ? JSONATA_CATCHER_FIELDS : JSONPATH_CATCHER_FIELDS, findings);
    if (!catcher.has("Next")) {
      findings.schema(at, "These fields are required: [Next]");
    }
    FieldRules.string(catcher, at, "Next", findings);
    if (jsonata) {
      Jsonata.checkStrings(catcher.get("Output"), at + "/Output", "Output", findings);
      Jsonata.checkStrings(catcher.get("Assign"), at + "/Assign", "Assign", findings);
    } else {
      FieldRules.resultPath(catcher, at, findings);
      PayloadTemplateChecker.check(catcher.get("Assign"), at + "/Assign", findings);
    }
    if (catcher.path("Assign").isObject()) {
      FieldRules.variableNames(catcher.get("Assign"), at + "/Assign", findings);
    }
  }

  private static void unsupported(
      JsonNode node, String at, Set<String> allowed, Findings findings) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!allowed.contains(e.getKey())) {
        findings.schema(at, "Field '" + e.getKey() + "' is not supported");
      }
    }
  }
}
