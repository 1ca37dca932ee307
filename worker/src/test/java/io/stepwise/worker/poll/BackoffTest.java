package io.stepwise.worker.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysDoubleWithJitterUpToTheMaximumAndResetAfterSuccess() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new SplittableRandom(7));

    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (long ceiling : ceilings) {
      long delay = backoff.next().toMillis();
      assertThat(delay).isBetween(ceiling / 2, ceiling);
    }
    assertThat(backoff.failures()).isEqualTo(6);

    backoff.reset();
    assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
  }

  @Test
  void manyFailuresNeverOverflowPastTheMaximum() {
    Backoff backoff =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(1));
    for (int i = 0; i < 100; i++) {
      Duration delay = backoff.next();
      // 1, 2, 4, 8, 16 s ceilings, then capped at 30 s; a delay is never below half its ceiling.
      Duration floor = i < 5 ? Duration.ofMillis(500L << i) : Duration.ofSeconds(15);
      assertThat(delay).isBetween(floor, Duration.ofSeconds(30));
    }
  }
}
