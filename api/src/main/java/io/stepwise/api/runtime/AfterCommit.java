package io.stepwise.api.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What one step leaves to do once it has committed ({@link Effect}s), collected while it is written
 * and carried out by {@link StepEffects} after the commit: never before, so no effect is seen of a
 * step that did not happen. Made before the step's transaction (its start times the step for the
 * metrics); used by one thread.
 */
public final class AfterCommit {
  final long startedNanos = System.nanoTime();
  private final List<Effect> effects = new ArrayList<>();
  private String executionArn;

  void add(Effect effect) {
    effects.add(effect);
  }

  List<Effect> effects() {
    return effects;
  }

  /** The execution whose step this is, for the logging context of its effects. */
  void concerns(String arn) {
    if (executionArn == null) executionArn = arn;
  }

  String executionArn() {
    return executionArn;
  }
}
