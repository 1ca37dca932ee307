package io.stepwise.api.execution;

import io.stepwise.api.ops.NodeLoop;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Folds the dashboard's rollup deltas every few seconds on every node (one at a time, by an
 * advisory lock), so the deltas a reader sums stay few; once an hour forgets the emptied rollup
 * rows older than the dashboard's longest window.
 */
@ApplicationScoped
public class RollupFolding implements NodeLoop {
  static final Duration EVERY = Duration.ofSeconds(2);
  private static final Duration FORGET_EVERY = Duration.ofHours(1);

  private final PgExecutionRollups rollups;
  private Instant lastForgotten = Instant.EPOCH;

  public RollupFolding(PgExecutionRollups rollups) {
    this.rollups = rollups;
  }

  @Override
  public String name() {
    return "rollup-folding";
  }

  @Override
  public void pass() throws InterruptedException {
    rollups.fold();
    Instant now = Instant.now();
    if (now.isAfter(lastForgotten.plus(FORGET_EVERY))) {
      rollups.forgetEmpty(now.minus(Statistics.LONGEST_WINDOW).minus(Duration.ofDays(1)));
      lastForgotten = now;
    }
    Thread.sleep(EVERY);
  }
}
