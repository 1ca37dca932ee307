package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks what every state shares (Type, the fields its type and query language allow, Next/End,
 * QueryLanguage, the JSONPath input/output fields) and hands the state to its type's checker.
 */
final class StateChecker {
  private final Machine machine;
  private final Findings findings;

  StateChecker(Machine machine, Findings findings) {
    this.machine = machine;
    this.findings = findings;
  }

  /**
   * Checks one state.
   *
   * @return false when the state is too broken (no object, no valid Type) to look into further
   */
  boolean check(JsonNode state, String pointer, QueryLanguage language) {
    if (!state.isObject()) {
      findings.schema(pointer, "The value for the state must be an OBJECT");
      return false;
    }
    if (!checkQueryLanguage(state, pointer)) {
      return false;
    }
    JsonNode type = state.get("Type");
    if (type == null) {
      findings.schema(pointer, "These fields are required: [Type]");
      return false;
    }
    if (!type.isTextual() || !StateFields.TYPES.contains(type.asText())) {
      findings.schema(
          pointer + "/Type",
          "The field 'Type' should have one of these values: " + StateFields.TYPES);
      return false;
    }
    String typeName = type.asText();
    checkFieldsAllowed(state, pointer, typeName, language);
    checkRequired(state, pointer, typeName);
    checkTransition(state, pointer, typeName);
    FieldRules.string(state, pointer, "Comment", findings);
    if (language == QueryLanguage.JSONPATH) {
      FieldRules.path(state, pointer, "InputPath", true, findings);
      FieldRules.path(state, pointer, "OutputPath", true, findings);
      FieldRules.resultPath(state, pointer, findings);
      PayloadTemplateChecker.check(state.get("Parameters"), pointer + "/Parameters", findings);
      PayloadTemplateChecker.check(
          state.get("ResultSelector"), pointer + "/ResultSelector", findings);
      PayloadTemplateChecker.check(state.get("Assign"), pointer + "/Assign", findings);
    } else {
      for (String field : List.of("Arguments", "Output", "Assign")) {
        Jsonata.checkStrings(state.get(field), pointer + "/" + field, field, findings);
      }
    }
    checkAssignNames(state, pointer);
    StateTypeChecks.forType(typeName).check(state, pointer, language, machine, findings);
    return true;
  }

  /**
   * A state may name its own query language, but not JSONPath inside a machine that is JSONata as a
   * whole (validate_api/..._invalid_downgrade_query_language); a Map that switches to JSONata may
   * still hold JSONPath states (validate_api/..._valid_query_language_pass).
   */
  private boolean checkQueryLanguage(JsonNode state, String pointer) {
    JsonNode ql = state.get("QueryLanguage");
    if (ql == null) {
      return true;
    }
    if (!ql.isTextual() || !(ql.asText().equals("JSONPath") || ql.asText().equals("JSONata"))) {
      findings.schema(
          pointer + "/QueryLanguage",
          "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]");
      return false;
    }
    if (ql.asText().equals("JSONPath") && machine.language() == QueryLanguage.JSONATA) {
      findings.schema(
          pointer,
          "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
      return false;
    }
    return true;
  }

  private void checkFieldsAllowed(
      JsonNode state, String pointer, String type, QueryLanguage language) {
    for (Map.Entry<String, JsonNode> e : state.properties()) {
      if (!StateFields.allowed(type, language, e.getKey())) {
        findings.schema(pointer, "Field '" + e.getKey() + "' is not supported");
      }
    }
  }

  private void checkRequired(JsonNode state, String pointer, String type) {
    List<String> missing = new ArrayList<>();
    for (String field : StateFields.required(type)) {
      if (!state.has(field)) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      findings.schema(pointer, "These fields are required: " + missing);
    }
  }

  private void checkTransition(JsonNode state, String pointer, String type) {
    if (!StateFields.hasTransition(type)) {
      return;
    }
    JsonNode next = state.get("Next");
    JsonNode end = state.get("End");
    if (next != null && end != null) {
      findings.schema(pointer, "Only one of 'Next' or 'End' may be set");
    } else if (next == null && end == null) {
      findings.schema(pointer, "Exactly one of these fields is required: [Next, End]");
    }
    FieldRules.string(state, pointer, "Next", findings);
    if (end != null && !(end.isBoolean() && end.asBoolean())) {
      findings.schema(pointer + "/End", "The value for the field 'End' must be true");
    }
  }

  private void checkAssignNames(JsonNode state, String pointer) {
    JsonNode assign = state.get("Assign");
    if (assign == null) {
      return;
    }
    if (!assign.isObject()) {
      findings.schema(pointer + "/Assign", "The value for the field 'Assign' must be an OBJECT");
      return;
    }
    FieldRules.variableNames(assign, pointer + "/Assign", findings);
  }
}
