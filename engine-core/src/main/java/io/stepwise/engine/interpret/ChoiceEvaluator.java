package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.ChoiceRule;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.ComparisonOperator;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StatesException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Evaluates Choice rules: JSONPath comparisons and JSONata Conditions. */
final class ChoiceEvaluator {
  private ChoiceEvaluator() {}

  /**
   * The first matching rule; null when none matches and Default applies; States.NoChoiceMatched
   * when there is no Default either.
   */
  static ChoiceRule.Branch choose(ChoiceState state, DataScope scope) {
    for (ChoiceRule.Branch branch : state.choices()) {
      if (matches(branch.rule(), scope)) return branch;
    }
    if (state.defaultNext() != null) return null;
    throw new StatesException(ErrorNames.NO_CHOICE_MATCHED, "No Matches!");
  }

  static boolean matches(ChoiceRule rule, DataScope scope) {
    return switch (rule) {
      case ChoiceRule.And and -> and.rules().stream().allMatch(r -> matches(r, scope));
      case ChoiceRule.Or or -> or.rules().stream().anyMatch(r -> matches(r, scope));
      case ChoiceRule.Not not -> !matches(not.rule(), scope);
      case ChoiceRule.Comparison c -> compare(c, scope);
      case ChoiceRule.Condition c -> c.condition().evaluate(scope, "boolean").booleanValue();
    };
  }

  private static JsonNode read(JsonPath path, DataScope scope) {
    return path.readOrNull(scope.rootFor(path, scope.input()));
  }

  private static boolean compare(ChoiceRule.Comparison c, DataScope scope) {
    JsonNode value = read(c.variable(), scope);
    ComparisonOperator op = c.operator();
    if (op.isTypeTest()) {
      boolean expected = c.value().asBoolean();
      boolean actual =
          switch (op) {
            case IsPresent -> value != null;
            case IsNull -> value != null && value.isNull();
            case IsNumeric -> value != null && value.isNumber();
            case IsString -> value != null && value.isTextual();
            case IsBoolean -> value != null && value.isBoolean();
            case IsTimestamp ->
                value != null && value.isTextual() && timestamp(value.textValue()) != null;
            default -> false;
          };
      return actual == expected;
    }
    JsonNode expected = c.valuePath() != null ? read(c.valuePath(), scope) : c.value();
    if (value == null || expected == null) return false;
    return switch (op) {
      case StringEquals ->
          value.isTextual()
              && expected.isTextual()
              && value.textValue().equals(expected.textValue());
      case StringLessThan ->
          strings(value, expected) && value.textValue().compareTo(expected.textValue()) < 0;
      case StringGreaterThan ->
          strings(value, expected) && value.textValue().compareTo(expected.textValue()) > 0;
      case StringLessThanEquals ->
          strings(value, expected) && value.textValue().compareTo(expected.textValue()) <= 0;
      case StringGreaterThanEquals ->
          strings(value, expected) && value.textValue().compareTo(expected.textValue()) >= 0;
      case StringMatches ->
          strings(value, expected) && wildcard(value.textValue(), expected.textValue());
      case NumericEquals ->
          numbers(value, expected) && value.decimalValue().compareTo(expected.decimalValue()) == 0;
      case NumericLessThan ->
          numbers(value, expected) && value.decimalValue().compareTo(expected.decimalValue()) < 0;
      case NumericGreaterThan ->
          numbers(value, expected) && value.decimalValue().compareTo(expected.decimalValue()) > 0;
      case NumericLessThanEquals ->
          numbers(value, expected) && value.decimalValue().compareTo(expected.decimalValue()) <= 0;
      case NumericGreaterThanEquals ->
          numbers(value, expected) && value.decimalValue().compareTo(expected.decimalValue()) >= 0;
      case BooleanEquals ->
          value.isBoolean()
              && expected.isBoolean()
              && value.booleanValue() == expected.booleanValue();
      case TimestampEquals -> timestamps(value, expected) == 0;
      case TimestampLessThan -> timestamps(value, expected) == -1;
      case TimestampGreaterThan -> timestamps(value, expected) == 1;
      case TimestampLessThanEquals -> {
        int r = timestamps(value, expected);
        yield r == -1 || r == 0;
      }
      case TimestampGreaterThanEquals -> {
        int r = timestamps(value, expected);
        yield r == 1 || r == 0;
      }
      default -> false;
    };
  }

  private static boolean strings(JsonNode a, JsonNode b) {
    return a.isTextual() && b.isTextual();
  }

  private static boolean numbers(JsonNode a, JsonNode b) {
    return a.isNumber() && b.isNumber();
  }

  /** -1, 0 or 1 comparing two timestamps; 2 when either is not a timestamp. */
  private static int timestamps(JsonNode a, JsonNode b) {
    if (!a.isTextual() || !b.isTextual()) return 2;
    Instant x = timestamp(a.textValue());
    Instant y = timestamp(b.textValue());
    if (x == null || y == null) return 2;
    return Integer.signum(x.compareTo(y));
  }

  /** An RFC 3339 timestamp, or null. */
  static Instant timestamp(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} escape. */
  static boolean wildcard(String value, String pattern) {
    return match(value, 0, pattern, 0);
  }

  private static boolean match(String s, int si, String p, int pi) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        if (pi == p.length()) return true;
        for (int k = si; k <= s.length(); k++) if (match(s, k, p, pi)) return true;
        return false;
      }
      if (c == '\\' && pi + 1 < p.length()) {
        c = p.charAt(++pi);
      }
      if (si >= s.length() || s.charAt(si) != c) return false;
      si++;
      pi++;
    }
    return si == s.length();
  }
}
