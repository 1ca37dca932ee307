package io.stepwise.api.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How late one kind of due time fired, in seconds, read from the executions themselves (stop minus
 * start minus the second they wait): what a client sees, not what the server says of itself.
 */
record Lateness(String kind, double[] seconds) {
  /**
   * How late each execution closed in the interval was: its run time minus the second it waits (its
   * Wait, its TimeoutSeconds, its HeartbeatSeconds), by machine.
   */
  static Map<String, Lateness> closedBetween(Connection db, Instant from, Instant to)
      throws SQLException {
    Map<String, List<Double>> byKind = new HashMap<>();
    try (var s =
        db.prepareStatement(
            "SELECT state_machine_arn, extract(epoch FROM stop_time - start_time) - 1 AS late"
                + " FROM executions WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT',"
                + " 'ABORTED') AND stop_time > ? AND stop_time <= ?")) {
      s.setObject(1, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
      s.setObject(2, java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String arn = r.getString(1);
          String kind = arn.substring(arn.lastIndexOf(":soak-") + 6);
          byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(r.getDouble(2));
        }
      }
    }
    Map<String, Lateness> out = new HashMap<>();
    byKind.forEach(
        (k, v) ->
            out.put(k, new Lateness(k, v.stream().mapToDouble(Double::doubleValue).toArray())));
    return out;
  }

  /** p50/p99/max in seconds, or "-" without samples. */
  static String summary(Lateness l) {
    if (l == null || l.seconds().length == 0) return "-";
    double[] v = l.seconds().clone();
    Arrays.sort(v);
    return String.format(
        Locale.ROOT, "%.2f/%.2f/%.2f", percentile(v, 0.5), percentile(v, 0.99), v[v.length - 1]);
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
