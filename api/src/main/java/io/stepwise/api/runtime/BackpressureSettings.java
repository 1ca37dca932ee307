package io.stepwise.api.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * When this node stops taking new work, {@code stepwise.backpressure.*} (STEPWISE_BACKPRESSURE_*):
 * StartExecution, StartSyncExecution, SendTaskSuccess and SendTaskFailure answer {@code
 * ThrottlingException} (which every AWS SDK retries with back-off) while the node cannot advance
 * what it already has, instead of accepting work that would run late.
 */
@ConfigMapping(prefix = "stepwise.backpressure")
public interface BackpressureSettings {
  /** Whether the node refuses new work at all when it falls behind. */
  @WithDefault("true")
  boolean enabled();

  /**
   * How late a due timer (a Wait, a retry's back-off, a timeout, a heartbeat) may be before the
   * node takes no new work, as a duration.
   */
  @WithDefault("1s")
  Duration timerLag();

  /** How many steps (answers, after-commit effects) may wait for the database before it does. */
  @WithDefault("2000")
  int stepQueue();

  /** How long a transaction may have waited for a pooled connection before it does. */
  @WithDefault("1s")
  Duration poolWait();
}
