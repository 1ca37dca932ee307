package io.stepwise.api.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How long closed executions are kept, {@code stepwise.retention.*} (STEPWISE_RETENTION_*). */
@ConfigMapping(prefix = "stepwise.retention")
public interface RetentionSettings {
  /**
   * Days a closed execution (SUCCEEDED, FAILED, TIMED_OUT, ABORTED) and its history are kept after
   * it stopped; AWS keeps them 90 days. Redrive needs the execution, so keep at least 14.
   */
  @WithDefault("90")
  int days();

  /**
   * How long closed executions are kept, as a duration, instead of {@code days} (`PT10M`): for soak
   * runs and tests, where a day of executions is more than the disk should hold.
   */
  Optional<Duration> period();

  /** The time a closed execution is kept: {@code period}, else {@code days}. */
  default Duration keep() {
    return period().orElse(Duration.ofDays(days()));
  }

  /**
   * Executions (and then unused definitions) deleted per transaction; small batches keep locks and
   * WAL bursts short.
   */
  @WithDefault("500")
  int batchSize();

  /**
   * How often the retention job runs on each node; each run deletes what closed since the last, so
   * frequent small runs keep up with a sustained load better than rare large ones.
   */
  @WithDefault("1m")
  String interval();

  /** Wait after start before the first retention run. */
  @WithDefault("5m")
  String initialDelay();

  /** Whether this node runs the retention job at all (any number of nodes may). */
  @WithDefault("true")
  boolean enabled();
}
