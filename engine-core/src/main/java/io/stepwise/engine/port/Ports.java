package io.stepwise.engine.port;

/**
 * What the interpreter takes from its runtime besides the signal and the time: where task tokens
 * get their secrets, and the budget of every expression it evaluates.
 */
public record Ports(TaskTokens tokens, EvaluationBudget budget) {
  /** Secure task tokens and the default budget: what a runtime uses unless an admin set limits. */
  public static final Ports STANDARD = new Ports(TaskTokens.secure(), EvaluationBudget.DEFAULT);

  public Ports {
    if (tokens == null || budget == null) throw new IllegalArgumentException("ports are required");
  }

  /** The same token source with another budget. */
  public Ports withBudget(EvaluationBudget other) {
    return new Ports(tokens, other);
  }
}
