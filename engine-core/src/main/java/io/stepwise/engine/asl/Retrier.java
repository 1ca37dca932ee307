package io.stepwise.engine.asl;

import java.util.List;

/** One Retry rule of a Task, Parallel or Map state. */
public record Retrier(
    List<String> errorEquals,
    int intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Integer maxDelaySeconds,
    JitterStrategy jitterStrategy) {

  /** AWS's JitterStrategy values. */
  public enum JitterStrategy {
    NONE,
    FULL
  }
}
