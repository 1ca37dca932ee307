package io.stepwise.engine.port;

import java.time.Duration;
import java.time.InstantSource;

/**
 * What one evaluation of a definition's expression may spend: wall-clock time and nesting depth (a
 * JSONata expression, the only kind that can loop or recurse), and the size of any value it builds
 * (items of an array or object, characters of a string; JSONata and intrinsic functions). JSONPath
 * reads only what the state's input holds, which the payload limit already bounds. A definition is
 * code an editor wrote and the server runs, so an expression that passes a limit fails its state
 * (States.QueryEvaluationError for JSONata, States.Runtime otherwise) instead of holding a thread
 * or the heap. The defaults are far above what any conformance case needs. {@code clock} times the
 * evaluation; the runtime supplies it so the interpreter itself reads no clock.
 *
 * @param time how long one JSONata evaluation may run ({@code stepwise.limits.expression-time})
 * @param depth how deeply an evaluation may nest, in JSONata's evaluation frames ({@code
 *     stepwise.limits.expression-depth}); far below what a server thread's stack holds
 * @param size the most items or characters one value built by an evaluation may have ({@code
 *     stepwise.limits.expression-size})
 */
public record EvaluationBudget(Duration time, int depth, int size, InstantSource clock) {
  /** Five seconds, 500 frames, a million items or characters, on the system clock. */
  public static final EvaluationBudget DEFAULT =
      new EvaluationBudget(Duration.ofSeconds(5), 500, 1_000_000, InstantSource.system());

  public EvaluationBudget {
    if (time == null || time.isNegative() || time.isZero()) {
      throw new IllegalArgumentException("the expression time limit must be positive: " + time);
    }
    if (depth < 1) throw new IllegalArgumentException("the depth limit must be positive: " + depth);
    if (size < 1) throw new IllegalArgumentException("the size limit must be positive: " + size);
    if (clock == null) throw new IllegalArgumentException("the budget needs a clock");
  }

  /** The same limits, timed by another clock. */
  public EvaluationBudget withClock(InstantSource other) {
    return new EvaluationBudget(time, depth, size, other);
  }
}
