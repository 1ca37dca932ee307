package io.stepwise.engine.runtime.memory;

import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.DurationPercentiles;
import io.stepwise.engine.service.ExecutionStatistics;
import io.stepwise.engine.service.ExecutionSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dashboard's statistics computed from executions in memory, as the server's SQL does. */
final class ExecutionStatisticsBuilder {
  private ExecutionStatisticsBuilder() {}

  /** An execution as the statistics see it: its summary, error and state entry times. */
  record Seen(ExecutionSummary summary, String error, List<Instant> stateEntries) {}

  /** The window from {@code since} to {@code until}; transitions up to {@code now}. */
  static ExecutionStatistics of(
      List<Seen> all, Instant since, Instant until, Duration bucket, Instant now) {
    int count = (int) Math.max(1, Duration.between(since, until).dividedBy(bucket));
    long[][] counts = new long[count][5];
    List<List<Long>> durations = new ArrayList<>();
    for (int i = 0; i < count; i++) durations.add(new ArrayList<>());
    Map<String, Long> errors = new HashMap<>();
    long running = 0;
    ExecutionSummary oldest = null;
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    Instant firstMinute =
        minute.minus(ExecutionStatistics.TRANSITION_MINUTES - 1, ChronoUnit.MINUTES);
    long[] transitions = new long[ExecutionStatistics.TRANSITION_MINUTES];
    for (Seen seen : all) {
      ExecutionSummary s = seen.summary();
      if (s.status() == ExecutionStatus.RUNNING) {
        running++;
        if (oldest == null || s.startDate().isBefore(oldest.startDate())) oldest = s;
      }
      for (Instant t : seen.stateEntries()) {
        long m = Duration.between(firstMinute, t.truncatedTo(ChronoUnit.MINUTES)).toMinutes();
        if (m >= 0 && m < transitions.length) transitions[(int) m]++;
      }
      if (s.startDate().isBefore(since) || !s.startDate().isBefore(until)) continue;
      int b = (int) Math.min(count - 1, Duration.between(since, s.startDate()).dividedBy(bucket));
      counts[b][0]++;
      switch (s.status()) {
        case SUCCEEDED -> counts[b][1]++;
        case FAILED -> counts[b][2]++;
        case TIMED_OUT -> counts[b][3]++;
        case ABORTED -> counts[b][4]++;
        default -> {}
      }
      if (s.stopDate() != null) {
        durations.get(b).add(Duration.between(s.startDate(), s.stopDate()).toMillis());
      }
      if (seen.error() != null) errors.merge(seen.error(), 1L, Long::sum);
    }
    List<ExecutionStatistics.Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Long> d = durations.get(i);
      d.sort(Comparator.naturalOrder());
      buckets.add(
          new ExecutionStatistics.Bucket(
              since.plus(bucket.multipliedBy(i)),
              counts[i][0],
              counts[i][1],
              counts[i][2],
              counts[i][3],
              counts[i][4],
              DurationPercentiles.of(d, 0.5),
              DurationPercentiles.of(d, 0.95),
              DurationPercentiles.of(d, 0.99)));
    }
    List<ExecutionStatistics.ErrorCount> top =
        errors.entrySet().stream()
            .map(e -> new ExecutionStatistics.ErrorCount(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(ExecutionStatistics.ErrorCount::count)
                    .reversed()
                    .thenComparing(ExecutionStatistics.ErrorCount::error))
            .limit(ExecutionStatistics.TOP_ERRORS)
            .toList();
    List<Long> perMinute = new ArrayList<>();
    for (long t : transitions) perMinute.add(t);
    return new ExecutionStatistics(since, bucket, buckets, top, running, oldest, perMinute);
  }
}
