package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks Choice rules. A JSONPath rule is a Variable with exactly one comparison operator, or one
 * of And, Or, Not over nested rules; a JSONata rule is a Condition. Only top-level rules carry Next
 * (and Assign, Output).
 */
final class ChoiceRuleChecker {
  /** The kind of value each comparison operator takes. */
  private enum Operand {
    STRING,
    NUMBER,
    BOOLEAN,
    TIMESTAMP,
    PATH,
    TYPE_TEST
  }

  private static final Map<String, Operand> OPERATORS = operators();
  private static final Set<String> BOOLEAN_OPERATORS = Set.of("And", "Or", "Not");

  private final QueryLanguage language;
  private final Findings findings;

  ChoiceRuleChecker(QueryLanguage language, Findings findings) {
    this.language = language;
    this.findings = findings;
  }

  void checkTopLevel(JsonNode rule, String at) {
    if (!rule.isObject()) {
      findings.schema(at, "The value of a choice rule must be an OBJECT");
      return;
    }
    if (!rule.has("Next")) {
      findings.schema(at, "These fields are required: [Next]");
    }
    FieldRules.string(rule, at, "Next", findings);
    if (language == QueryLanguage.JSONATA) {
      checkJsonataRule(rule, at);
    } else {
      checkJsonPathRule(rule, at, true);
      PayloadTemplateChecker.check(rule.get("Assign"), at + "/Assign", findings);
    }
    if (rule.path("Assign").isObject()) {
      FieldRules.variableNames(rule.get("Assign"), at + "/Assign", findings);
    }
  }

  private void checkJsonataRule(JsonNode rule, String at) {
    Set<String> allowed = Set.of("Condition", "Next", "Comment", "Assign", "Output");
    for (String field : FieldRules.names(rule)) {
      if (!allowed.contains(field)) {
        findings.schema(at, "Field '" + field + "' is not supported");
      }
    }
    JsonNode condition = rule.get("Condition");
    if (condition == null) {
      findings.schema(at, "These fields are required: [Condition]");
    } else if (!condition.isBoolean() && !Jsonata.isExpression(condition)) {
      findings.schema(
          at + "/Condition",
          "The value for the field 'Condition' must be a valid JSONata expression");
    }
    for (String field : List.of("Assign", "Output")) {
      Jsonata.checkStrings(rule.get(field), at + "/" + field, field, findings);
    }
  }

  private void checkJsonPathRule(JsonNode rule, String at, boolean topLevel) {
    List<String> operators = new ArrayList<>();
    for (String field : FieldRules.names(rule)) {
      if (OPERATORS.containsKey(field) || BOOLEAN_OPERATORS.contains(field)) {
        operators.add(field);
      } else if (!field.equals("Variable")
          && !field.equals("Comment")
          && !(topLevel && (field.equals("Next") || field.equals("Assign")))) {
        findings.schema(at, "Field '" + field + "' is not supported");
      }
    }
    if (operators.size() != 1) {
      findings.schema(at, "A choice rule must have exactly one comparison operator");
      return;
    }
    String operator = operators.get(0);
    if (BOOLEAN_OPERATORS.contains(operator)) {
      if (rule.has("Variable")) {
        findings.schema(at, "Field 'Variable' is not supported");
      }
      checkNested(rule.get(operator), at + "/" + operator, operator);
      return;
    }
    JsonNode variable = rule.get("Variable");
    if (variable == null) {
      findings.schema(at, "These fields are required: [Variable]");
    } else if (!variable.isTextual() || !PathText.isPath(variable.asText())) {
      findings.schema(
          at + "/Variable", "The value for the field 'Variable' must be a valid JSONPath");
    }
    checkOperand(rule.get(operator), at + "/" + operator, operator);
  }

  private void checkNested(JsonNode value, String at, String operator) {
    if (operator.equals("Not")) {
      if (!value.isObject()) {
        findings.schema(at, "The value for the field 'Not' must be an OBJECT");
      } else {
        checkJsonPathRule(value, at, false);
      }
      return;
    }
    if (!value.isArray() || value.isEmpty()) {
      findings.schema(at, "The value for the field '" + operator + "' must be a non-empty ARRAY");
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode nested = value.get(i);
      String nestedAt = at + "[" + i + "]";
      if (nested.isObject()) {
        checkJsonPathRule(nested, nestedAt, false);
      } else {
        findings.schema(nestedAt, "The value of a choice rule must be an OBJECT");
      }
    }
  }

  private void checkOperand(JsonNode value, String at, String operator) {
    boolean ok =
        switch (OPERATORS.get(operator)) {
          case STRING -> value.isTextual();
          case NUMBER -> value.isNumber();
          case BOOLEAN, TYPE_TEST -> value.isBoolean();
          case TIMESTAMP -> value.isTextual() && Rfc3339.isTimestamp(value.asText());
          case PATH -> value.isTextual() && PathText.isPath(value.asText());
        };
    if (!ok) {
      findings.schema(at, "The value for the field '" + operator + "' " + expected(operator));
    }
  }

  private static String expected(String operator) {
    return switch (OPERATORS.get(operator)) {
      case STRING -> "must be a STRING";
      case NUMBER -> "must be a NUMBER";
      case BOOLEAN, TYPE_TEST -> "must be a BOOLEAN";
      case TIMESTAMP -> "must be a valid RFC3339 timestamp";
      case PATH -> "must be a valid JSONPath";
    };
  }

  private static Map<String, Operand> operators() {
    Map<String, Operand> all = new java.util.HashMap<>();
    for (String comparison :
        List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")) {
      all.put("String" + comparison, Operand.STRING);
      all.put("Numeric" + comparison, Operand.NUMBER);
      all.put("Timestamp" + comparison, Operand.TIMESTAMP);
      all.put("String" + comparison + "Path", Operand.PATH);
      all.put("Numeric" + comparison + "Path", Operand.PATH);
      all.put("Timestamp" + comparison + "Path", Operand.PATH);
    }
    all.put("StringMatches", Operand.STRING);
    all.put("BooleanEquals", Operand.BOOLEAN);
    all.put("BooleanEqualsPath", Operand.PATH);
    for (String test :
        List.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")) {
      all.put(test, Operand.TYPE_TEST);
    }
    return Map.copyOf(all);
  }
}
