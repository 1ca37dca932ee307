package io.stepwise.web.dashboard;

import io.stepwise.engine.service.ExecutionStatistics;
import io.stepwise.web.execution.Durations;
import io.stepwise.web.page.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard of every machine the viewer sees, or of one ({@code machine} non-null), over a
 * window: what the page and its charts show.
 */
public record Dashboard(
    Window window, String machine, ExecutionStatistics statistics, Instant now) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILTER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  public List<Window> windows() {
    return List.of(Window.values());
  }

  /** This dashboard's URL with another window. */
  public String link(Window w) {
    return path() + "?window=" + w.key();
  }

  /** Where the running-now part is fetched again. */
  public String livePath() {
    return (machine == null ? "/dashboard" : path()) + "/live?window=" + window.key();
  }

  public String path() {
    return machine == null ? "/" : Paths.stateMachine(machine) + "/dashboard";
  }

  /** One row of the numbers' table, and the label of its bar. */
  public record Row(String label, ExecutionStatistics.Bucket bucket) {
    public String p50() {
      return duration(bucket.p50());
    }

    public String p95() {
      return duration(bucket.p95());
    }

    public String p99() {
      return duration(bucket.p99());
    }
  }

  public List<Row> rows() {
    List<String> labels = labels();
    return java.util.stream.IntStream.range(0, labels.size())
        .mapToObj(i -> new Row(labels.get(i), statistics.buckets().get(i)))
        .toList();
  }

  private List<String> labels() {
    DateTimeFormatter f = window == Window.WEEK ? DAY_TIME : TIME;
    return statistics.buckets().stream().map(b -> f.format(b.start()) + " UTC").toList();
  }

  public long started() {
    return statistics.buckets().stream().mapToLong(ExecutionStatistics.Bucket::started).sum();
  }

  public long succeeded() {
    return statistics.buckets().stream().mapToLong(ExecutionStatistics.Bucket::succeeded).sum();
  }

  public long failed() {
    return statistics.buckets().stream().mapToLong(ExecutionStatistics.Bucket::failed).sum();
  }

  public long timedOut() {
    return statistics.buckets().stream().mapToLong(ExecutionStatistics.Bucket::timedOut).sum();
  }

  public long aborted() {
    return statistics.buckets().stream().mapToLong(ExecutionStatistics.Bucket::aborted).sum();
  }

  public List<Charts.Segment> bars() {
    return Charts.stackedBars(statistics.buckets(), labels());
  }

  public List<Charts.Series> statuses() {
    return Charts.STATUSES;
  }

  public List<Charts.Line> lines() {
    return Charts.durationLines(statistics.buckets());
  }

  public List<Charts.Tick> ticks() {
    return Charts.bucketTicks(labels());
  }

  public String longestP99() {
    return Durations.text(Charts.longestP99(statistics.buckets()));
  }

  public long mostStarted() {
    return statistics.buckets().stream()
        .mapToLong(ExecutionStatistics.Bucket::started)
        .max()
        .orElse(0);
  }

  public int width() {
    return Charts.WIDTH;
  }

  public int height() {
    return Charts.HEIGHT;
  }

  /** The executions list filtered to this dashboard's machine, window and more. */
  public String listLink(String more) {
    return "/executions?stateMachine="
        + Paths.encode(machine == null ? "" : machine)
        + "&from="
        + Paths.encode(FILTER_TIME.format(statistics.since()))
        + more;
  }

  public String errorLink(String error) {
    return listLink("&error=" + Paths.encode(error));
  }

  public String runningLink() {
    return "/executions?status=RUNNING&stateMachine="
        + Paths.encode(machine == null ? "" : machine);
  }

  public String oldestRunningPath() {
    return Paths.execution(statistics.oldestRunning().executionArn());
  }

  public String oldestRunningFor() {
    return Durations.text(
        Math.max(0, Duration.between(statistics.oldestRunning().startDate(), now).toMillis()));
  }

  /** State entries of the last minute that has ended. */
  public long transitionsLastMinute() {
    List<Long> t = statistics.transitions();
    return t.size() < 2 ? 0 : t.get(t.size() - 2);
  }

  public long transitionsTotal() {
    return statistics.transitions().stream().mapToLong(Long::longValue).sum();
  }

  /** The per-minute state entries as small bars: x, height, title. */
  public record Spark(double x, double y, double height, String title) {}

  public List<Spark> sparks() {
    List<Long> t = statistics.transitions();
    long max = Math.max(1, t.stream().mapToLong(Long::longValue).max().orElse(1));
    Instant first =
        now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            .minus(Duration.ofMinutes(t.size() - 1));
    java.util.ArrayList<Spark> out = new java.util.ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      double h = 40.0 * t.get(i) / max;
      out.add(
          new Spark(
              i * 8,
              44 - h,
              Math.max(h, 0.5),
              TIME.format(first.plus(Duration.ofMinutes(i)))
                  + " UTC: "
                  + t.get(i)
                  + " states entered"));
    }
    return out;
  }

  private static String duration(Long millis) {
    return millis == null ? "–" : Durations.text(millis);
  }
}
