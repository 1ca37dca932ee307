package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.path.JsonPath;
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
}
