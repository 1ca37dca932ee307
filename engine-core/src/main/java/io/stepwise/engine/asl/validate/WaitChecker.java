package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import java.util.List;

/** Wait states: exactly one of Seconds, SecondsPath, Timestamp, TimestampPath. */
record WaitChecker() implements StateTypeChecks {
  private static final List<String> JSONPATH_WAITS =
      List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath");
  private static final List<String> JSONATA_WAITS = List.of("Seconds", "Timestamp");

  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    boolean jsonata = language == QueryLanguage.JSONATA;
    List<String> waits = jsonata ? JSONATA_WAITS : JSONPATH_WAITS;
    long present = waits.stream().filter(state::has).count();
    if (present != 1) {
      findings.schema(pointer, "Exactly one of these fields is required: " + waits);
    }
    FieldRules.integer(state, pointer, "Seconds", 0, jsonata, findings);
    JsonNode timestamp = state.get("Timestamp");
    // Only a JSONata state may compute its timestamp; in a JSONPath state "{% ... %}" is just a
    // string that is no timestamp (validation/wait_timestamp_invalid_jsonata).
    if (timestamp != null && !(jsonata && Jsonata.isExpression(timestamp))) {
      if (!timestamp.isTextual() || !Rfc3339.isTimestamp(timestamp.asText())) {
        findings.schema(pointer + "/Timestamp", "String does not match RFC3339 timestamp");
      }
    }
    if (!jsonata) {
      FieldRules.path(state, pointer, "SecondsPath", false, findings);
      FieldRules.path(state, pointer, "TimestampPath", false, findings);
    }
  }
}
