package io.stepwise.engine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import io.stepwise.engine.dataflow.path.JsonPath;
import java.util.List;

/** A Choice rule: a comparison, a boolean combination of rules, or a JSONata Condition. */
public sealed interface ChoiceRule {

  /** A top-level rule of a Choice state, with the state it leads to. */
  record Branch(ChoiceRule rule, String next, Template assign, JsonataTemplate output) {}

  /**
   * {@code Variable} compared with a literal value or, for the {@code ...Path} operators, with the
   * value at another path. {@code Is...} tests have a boolean literal.
   */
  record Comparison(
      JsonPath variable, ComparisonOperator operator, JsonNode value, JsonPath valuePath)
      implements ChoiceRule {}

  record And(List<ChoiceRule> rules) implements ChoiceRule {}

  record Or(List<ChoiceRule> rules) implements ChoiceRule {}

  record Not(ChoiceRule rule) implements ChoiceRule {}

  /** A JSONata {@code Condition} expression. */
  record Condition(JsonataTemplate condition) implements ChoiceRule {}
}
