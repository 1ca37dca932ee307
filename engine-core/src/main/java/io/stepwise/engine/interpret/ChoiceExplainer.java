package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.ChoiceRule;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Why a Choice state went where it did: every rule evaluated again on the state's recorded input,
 * with the values each comparison saw. The same evaluation the interpreter ran, so the answer is
 * the interpreter's.
 */
public final class ChoiceExplainer {
  private ChoiceExplainer() {}

  /**
   * One rule's outcome. For a comparison: the variable path, the value found there ({@code left},
   * JSON or "(absent)"), the operator and the value compared with; for And/Or/Not: the parts.
   */
  public record RuleResult(
      String kind,
      boolean matched,
      String variable,
      String left,
      String operator,
      String right,
      List<RuleResult> parts) {}

  /** One top-level rule with the state it leads to. */
  public record BranchResult(int index, String next, RuleResult rule) {}

  /** The whole answer: each rule in order, and where the state went. */
  public record Explanation(
      String stateName, List<BranchResult> branches, String chosenNext, boolean defaultTaken) {}

  /**
   * Explains a Choice state for the input it received (before InputPath) and the variables and
   * context object it saw.
   */
  public static Explanation explain(
      ChoiceState state, JsonNode stateInput, ObjectNode variables, JsonNode context) {
    DataScope scope =
        new DataScope(stateInput, () -> context, new SplittableRandom(0), variables, Instant.EPOCH);
    JsonNode effective =
        state.base().queryLanguage() == QueryLanguage.JSONATA
            ? stateInput
            : DataFlow.select(state.base().inputPath(), scope, stateInput);
    DataScope effectiveScope = scope.withInput(effective);
    List<BranchResult> branches = new ArrayList<>();
    String chosen = null;
    for (int i = 0; i < state.choices().size(); i++) {
      ChoiceRule.Branch b = state.choices().get(i);
      RuleResult r = evaluate(b.rule(), effectiveScope);
      branches.add(new BranchResult(i, b.next(), r));
      if (chosen == null && r.matched()) chosen = b.next();
    }
    boolean defaultTaken = chosen == null;
    return new Explanation(
        state.name(), branches, defaultTaken ? state.defaultNext() : chosen, defaultTaken);
  }

  private static RuleResult evaluate(ChoiceRule rule, DataScope scope) {
    return switch (rule) {
      case ChoiceRule.And and -> combine("And", and.rules(), scope, true);
      case ChoiceRule.Or or -> combine("Or", or.rules(), scope, false);
      case ChoiceRule.Not not -> {
        RuleResult inner = evaluate(not.rule(), scope);
        yield new RuleResult("Not", !inner.matched(), null, null, null, null, List.of(inner));
      }
      case ChoiceRule.Comparison c -> {
        JsonNode left = c.variable().readOrNull(scope.rootFor(c.variable(), scope.input()));
        JsonNode right =
            c.valuePath() != null
                ? c.valuePath().readOrNull(scope.rootFor(c.valuePath(), scope.input()))
                : c.value();
        yield new RuleResult(
            "Comparison",
            ChoiceEvaluator.matches(rule, scope),
            c.variable().text(),
            left == null ? "(absent)" : Json.write(left),
            c.operator().name() + (c.valuePath() != null ? "Path" : ""),
            (c.valuePath() != null ? c.valuePath().text() + " = " : "")
                + (right == null ? "(absent)" : Json.write(right)),
            List.of());
      }
      case ChoiceRule.Condition c ->
          new RuleResult(
              "Condition",
              ChoiceEvaluator.matches(rule, scope),
              null,
              null,
              "Condition",
              c.condition()
                      instanceof io.stepwise.engine.dataflow.jsonata.JsonataTemplate.Expression e
                  ? "{% " + e.expression().text() + " %}"
                  : c.condition().toString(),
              List.of());
    };
  }

  private static RuleResult combine(
      String kind, List<ChoiceRule> rules, DataScope scope, boolean all) {
    List<RuleResult> parts = new ArrayList<>();
    for (ChoiceRule r : rules) parts.add(evaluate(r, scope));
    boolean matched =
        all
            ? parts.stream().allMatch(RuleResult::matched)
            : parts.stream().anyMatch(RuleResult::matched);
    return new RuleResult(kind, matched, null, null, null, null, List.copyOf(parts));
  }
}
