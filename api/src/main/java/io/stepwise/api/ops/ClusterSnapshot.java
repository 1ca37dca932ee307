package io.stepwise.api.ops;

import java.util.Map;

/**
 * The cluster-wide figures one query read from the database: open work and how far behind it is.
 * Every node reads the same values, so dashboards take max() across nodes, not sum().
 */
record ClusterSnapshot(
    long runningExecutions,
    long openTasks,
    long claimedTasks,
    double oldestOpenTaskSeconds,
    long dueTimers,
    double timerLagSeconds,
    long busyWorkers,
    Map<String, Long> finishedSinceLastRead) {
  static final ClusterSnapshot EMPTY = new ClusterSnapshot(0, 0, 0, 0, 0, 0, 0, Map.of());
}
