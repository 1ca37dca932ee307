package io.stepwise.web.explain;

import io.stepwise.engine.interpret.ChoiceExplainer;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a Choice explanation: a rule or, nested under And/Or/Not, one of its parts; flattened
 * so the page draws the tree as indented rows.
 *
 * @param branch the top-level rule's position (1-based) on its first row, 0 on nested rows
 * @param next where the top-level rule leads, on its first row
 * @param left the value found at {@code variable}, as JSON, or "(absent)"
 * @param right the value compared with (for …Path operators, the path and its value)
 */
public record RuleRow(
    int branch,
    String next,
    int depth,
    String kind,
    boolean matched,
    String variable,
    String left,
    String operator,
    String right) {

  public int indent() {
    return depth * 18;
  }

  public boolean comparison() {
    return operator != null;
  }

  /** The rows of a whole explanation, rule by rule. */
  static List<RuleRow> of(ChoiceExplainer.Explanation explanation) {
    List<RuleRow> rows = new ArrayList<>();
    for (ChoiceExplainer.BranchResult b : explanation.branches()) {
      add(rows, b.rule(), 0, b.index() + 1, b.next());
    }
    return rows;
  }

  private static void add(
      List<RuleRow> rows, ChoiceExplainer.RuleResult r, int depth, int branch, String next) {
    rows.add(
        new RuleRow(
            branch,
            next,
            depth,
            r.kind(),
            r.matched(),
            r.variable(),
            r.left(),
            r.operator(),
            r.right()));
    for (ChoiceExplainer.RuleResult part : r.parts()) add(rows, part, depth + 1, 0, null);
  }
}
