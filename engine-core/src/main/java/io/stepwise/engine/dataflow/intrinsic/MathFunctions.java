package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.MATH_ADD;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.MATH_RANDOM;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** States.MathAdd, States.MathRandom and States.UUID. */
final class MathFunctions {
  private MathFunctions() {}

  /**
   * The sum of both arguments, each first rounded to the nearest integer: 1.5 + 1.51 gives 4
   * (intrinsics/math_add_2), -1.5 + 0 gives -1 (intrinsics/math_add_10).
   */
  static JsonNode add(JsonNode a, JsonNode b) {
    long sum = (long) Arguments.roundedInt(MATH_ADD, 1, a) + Arguments.roundedInt(MATH_ADD, 2, b);
    return sum == (int) sum ? Json.NODES.numberNode((int) sum) : Json.NODES.numberNode(sum);
  }

  /**
   * A random integer from start to end, both included, arguments rounded like MathAdd's. Without a
   * seed it draws from the execution's generator, so a replay draws the same number. With a seed
   * AWS returns "an identical number" for the same seed in any execution, so the number comes from
   * a generator made from that seed alone ({@code java.util.Random}, AWS's platform generator);
   * that is deterministic, not another source of randomness.
   */
  static JsonNode random(JsonNode start, JsonNode end, JsonNode seed, RandomGenerator execution) {
    int from = Arguments.roundedInt(MATH_RANDOM, 1, start);
    int to = Arguments.roundedInt(MATH_RANDOM, 2, end);
    if (from > to) {
      throw IntrinsicFailure.invalidArguments(
          MATH_RANDOM,
          "the start number " + from + " must not be greater than the end number " + to);
    }
    RandomGenerator generator =
        seed == null ? execution : new Random(Arguments.roundedInt(MATH_RANDOM, 3, seed));
    return Json.NODES.numberNode((int) generator.nextLong(from, (long) to + 1));
  }

  /** A version 4 UUID from the execution's generator. */
  static JsonNode uuid(RandomGenerator execution) {
    long high = execution.nextLong();
    long low = execution.nextLong();
    high = (high & ~0xF000L) | 0x4000L; // version 4
    low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return Json.text(new UUID(high, low).toString());
  }
}
