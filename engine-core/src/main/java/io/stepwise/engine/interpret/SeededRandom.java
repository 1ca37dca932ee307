package io.stepwise.engine.interpret;

import java.util.random.RandomGenerator;

/**
 * The execution's randomness: value n is a pure function of the secret seed and n, and the count of
 * draws lives in the snapshot, so a replayed history draws the same values.
 */
final class SeededRandom implements RandomGenerator {
  private final ExecutionSnapshot snapshot;

  SeededRandom(ExecutionSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  @Override
  public long nextLong() {
    long z = snapshot.randomSeed + (++snapshot.randomDraws) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
