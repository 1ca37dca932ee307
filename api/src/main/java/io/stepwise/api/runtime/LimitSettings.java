package io.stepwise.api.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What one evaluation of a definition's expression may spend, {@code stepwise.limits.*}
 * (STEPWISE_LIMITS_*): definitions are code an editor wrote and the server runs. The defaults are
 * engine-core's {@code EvaluationBudget.DEFAULT} ({@code UntrustedDefinitionsTest} keeps them
 * equal).
 */
@ConfigMapping(prefix = "stepwise.limits")
public interface LimitSettings {
  /**
   * How long one JSONata evaluation may run before its state fails with
   * States.QueryEvaluationError, as a duration (`5s`).
   */
  @WithDefault("5s")
  Duration expressionTime();

  /**
   * How deeply one JSONata evaluation may nest (evaluation frames); a recursion deeper than this
   * fails its state instead of the server thread's stack.
   */
  @WithDefault("500")
  int expressionDepth();

  /**
   * The most items (of an array or object) or characters (of a string) one value built by a JSONata
   * expression or an intrinsic function may have (States.QueryEvaluationError or States.Runtime).
   */
  @WithDefault("1000000")
  int expressionSize();
}
