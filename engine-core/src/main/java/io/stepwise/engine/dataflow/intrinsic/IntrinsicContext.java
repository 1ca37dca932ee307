package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.port.EvaluationBudget;
import java.util.random.RandomGenerator;

/** What an intrinsic function call needs from the running state: path values and randomness. */
public interface IntrinsicContext {
  /**
   * The value of a path argument ({@code $.x} against the state's input, {@code $$.x} against the
   * context object). Throws {@link io.stepwise.engine.error.StatesException} when it finds nothing.
   */
  JsonNode resolve(JsonPath path);

  /** Randomness for States.UUID and States.MathRandom, seeded per execution so replays agree. */
  RandomGenerator random();

  /**
   * The value of the workflow variable {@code name} for a {@code $name} argument (e.g. {@code
   * States.Base64Encode($rawString)},
   * variables/reference_assign_base_reference_in_intrinsic_function). Throws {@link
   * StatesException} when no such variable is in scope; this default knows no variables.
   */
  default JsonNode variable(String name) {
    throw StateEvaluationException.runtime(
        "The variable '$" + name + "' is not defined in this scope");
  }

  /** What the call may spend: its results are held to {@link EvaluationBudget#size()}. */
  default EvaluationBudget budget() {
    return EvaluationBudget.DEFAULT;
  }
}
