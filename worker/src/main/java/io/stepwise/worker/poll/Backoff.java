package io.stepwise.worker.poll;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnecting to an unreachable server: each delay doubles up
 * to a maximum, and a random half of it is taken off ("equal jitter") so a fleet of workers that
 * lost the server together does not come back in lockstep.
 *
 * <p>Not thread-safe: each poller owns one.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max.compareTo(initial) < 0 ? initial : max;
    this.random = random;
  }

  /** The delay before the next attempt after one more failure. */
  Duration next() {
    int exponent = Math.min(failures, 30);
    failures++;
    long ceiling = initial.toMillis() << exponent;
    if (ceiling <= 0 || ceiling > max.toMillis()) {
      ceiling = max.toMillis();
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
  }

  /** Forgets past failures: the server answered. */
  void reset() {
    failures = 0;
  }

  /** How many failures in a row this backoff has seen. */
  int failures() {
    return failures;
  }
}
