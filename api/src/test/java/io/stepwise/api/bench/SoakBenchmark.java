package io.stepwise.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak benchmark (a main class, not a test): starts the packaged server on a fresh embedded
 * PostgreSQL, then drives it through the AWS SDK with the workload of issue 19 — Pass, Choice, a
 * 1-second Wait, Pass — plus tasks nobody answers that end by their 1-second TimeoutSeconds or
 * HeartbeatSeconds (each a tenth of the starts), and prints, every interval: starts/s, throttles/s,
 * how late the Wait, the timeouts and the heartbeats fired (p50, p99, max), the server's resident
 * memory and the database's size. Lateness is read from the executions themselves (stop minus start
 * minus the second they wait), so it is what a client sees, not what the server says of itself.
 *
 * <p>Phases: a storage measure (executions run to their end, then the bytes each costs per table),
 * then {@code --find-max} seconds of clients starting as fast as the server takes them (it
 * throttles what it cannot keep in time; the median rate of the second half is the highest
 * sustained rate), then {@code --soak} seconds at {@code --share} of that rate (or {@code --rate}),
 * open loop: a throttled start is counted and sent again, as an SDK would. Retention runs as
 * configured ({@code --retention}), so the database's size shows whether deleting keeps up.
 *
 * <pre>
 * deploy/bench/soak-benchmark.sh [--find-max 180] [--soak 600] [--share 0.8] [--rate N] [--clients 32]
 *                                [--every 10] [--retention PT2M] [--storage 3000] [--server-jvm -Xmx1g]
 * </pre>
 */
public final class SoakBenchmark {
  private final Map<String, Object> options;
  private final SoakServer server;
  private final SoakWorkload workload;

  private SoakBenchmark(Map<String, Object> options, SoakServer server) {
    this.options = options;
    this.server = server;
    this.workload = new SoakWorkload(server.sfn);
  }

  public static void main(String[] args) throws Exception {
    Map<String, Object> o = new HashMap<>();
    o.put("jar", "api/target/quarkus-app/quarkus-run.jar");
    o.put("find-max", 180);
    o.put("soak", 600);
    o.put("share", 0.8);
    o.put("clients", 32);
    o.put("every", 10);
    o.put("retention", "PT2M");
    o.put("storage", 3000);
    o.put("server-jvm", "-Xmx1g");
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      String value = args[i + 1];
      Object old = o.get(key);
      o.put(
          key,
          old instanceof Integer
              ? Integer.valueOf(value)
              : old instanceof Double || key.equals("rate") ? Double.valueOf(value) : value);
    }
    try (SoakServer server =
        SoakServer.start(
            Path.of((String) o.get("jar")), (String) o.get("server-jvm"), o.get("retention"))) {
      new SoakBenchmark(o, server).run();
    }
  }

  private void run() throws Exception {
    int storage = (Integer) options.get("storage");
    if (storage > 0) StorageReport.measure(server, workload, storage);
    double rate;
    if (options.get("rate") instanceof Double r) {
      rate = r;
    } else {
      double max = findMax((Integer) options.get("find-max"));
      rate = max * (Double) options.get("share");
      System.out.printf(
          Locale.ROOT,
          "highest sustained start rate: %.0f/s; soak at %.0f/s (%.0f %%)%n",
          max,
          rate,
          100 * (Double) options.get("share"));
    }
    soak(rate, (Integer) options.get("soak"));
  }

  // --- Phases ---

  /** Clients as fast as the server takes them; the median rate of the second half. */
  private double findMax(int seconds) throws Exception {
    header("find-max");
    List<Double> rates = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    int clients = (Integer) options.get("clients");
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (int i = 0; i < clients; i++) {
        pool.submit(
            () -> {
              while (System.nanoTime() < end) {
                if (!workload.startOne()) SoakServer.pause(20);
              }
            });
      }
      sample("find-max", seconds, rates);
    }
    List<Double> second = new ArrayList<>(rates.subList(rates.size() / 2, rates.size()));
    second.sort(Double::compare);
    return second.isEmpty() ? 0 : second.get(second.size() / 2);
  }

  /** Starts at a fixed rate, whatever the server answers (a throttled start is sent again). */
  private void soak(double rate, int seconds) throws Exception {
    header("soak");
    long acceptedBefore = workload.accepted.get();
    long throttledBefore = workload.throttled.get();
    long startedAt = System.nanoTime();
    long end = startedAt + Duration.ofSeconds(seconds).toNanos();
    AtomicLong next = new AtomicLong();
    int clients = (Integer) options.get("clients") * 2;
    Map<String, List<Double>> all = new HashMap<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (int i = 0; i < clients; i++) {
        pool.submit(
            () -> {
              while (true) {
                long due = startedAt + (long) (next.getAndIncrement() * 1e9 / rate);
                if (due > end) return;
                long wait = due - System.nanoTime();
                if (wait > 0) SoakServer.pause(wait / 1_000_000);
                while (!workload.startOne() && System.nanoTime() < end) SoakServer.pause(50);
              }
            });
      }
      sampleInto("soak", seconds, all);
    }
    server.awaitNoneRunning(Duration.ofMinutes(2));
    System.out.printf(Locale.ROOT, "soak summary at %.0f starts/s for %d s:%n", rate, seconds);
    for (var e : all.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "  %-9s %7d fired, lateness p50 %.3f s, p99 %.3f s, max %.3f s%n",
          e.getKey(),
          v.length,
          Lateness.percentile(v, 0.5),
          Lateness.percentile(v, 0.99),
          v.length == 0 ? 0 : v[v.length - 1]);
    }
    System.out.printf(
        Locale.ROOT,
        "  throttled %d of %d start calls; server RSS %d MB; database %d MB%n",
        workload.throttled.get() - throttledBefore,
        workload.accepted.get() - acceptedBefore + workload.throttled.get() - throttledBefore,
        server.rssMegabytes(),
        server.scalar("SELECT pg_database_size(current_database())") >> 20);
    indexScans();
  }

  /**
   * How often the server used each index of the two big tables during the run: an index this
   * workload never reads is a candidate for removal if the pages and searches do not need it.
   */
  private void indexScans() throws SQLException {
    StringBuilder line = new StringBuilder("  index scans during the run:");
    try (Statement s = server.db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT indexrelname, idx_scan FROM pg_stat_user_indexes"
                    + " WHERE relname IN ('executions', 'history_events')"
                    + " ORDER BY relname, indexrelname")) {
      while (r.next()) {
        line.append(' ').append(r.getString(1)).append(' ').append(r.getLong(2)).append(',');
      }
    }
    System.out.println(line.substring(0, line.length() - 1));
  }

  // --- Measuring ---

  private void header(String phase) {
    System.out.printf(
        Locale.ROOT,
        "%n%-8s %6s %8s %9s | %-23s | %-23s | %-23s | %7s %7s %8s %8s %8s %6s%n",
        phase,
        "t (s)",
        "starts/s",
        "throttl/s",
        "Wait late p50/p99/max",
        "timeout p50/p99/max",
        "heartbeat p50/p99/max",
        "RSS MB",
        "DB MB",
        "running",
        "rows",
        "del/s",
        "load1");
  }

  private void sample(String phase, int seconds, List<Double> rates) throws Exception {
    sampleInto(phase, seconds, new HashMap<>(), rates);
  }

  private void sampleInto(String phase, int seconds, Map<String, List<Double>> all)
      throws Exception {
    sampleInto(phase, seconds, all, new ArrayList<>());
  }

  /** One line every interval until the phase ends; lateness samples gathered into {@code all}. */
  private void sampleInto(
      String phase, int seconds, Map<String, List<Double>> all, List<Double> rates)
      throws Exception {
    int every = (Integer) options.get("every");
    long phaseStart = System.nanoTime();
    Instant from = Instant.now();
    long acceptedBefore = workload.accepted.get();
    long throttledBefore = workload.throttled.get();
    long rowsBefore = server.scalar("SELECT count(*) FROM executions");
    for (int t = every; t <= seconds; t += every) {
      long wake = phaseStart + Duration.ofSeconds(t).toNanos();
      SoakServer.pause((wake - System.nanoTime()) / 1_000_000);
      Instant to = Instant.now();
      long a = workload.accepted.get();
      long th = workload.throttled.get();
      double rate = (a - acceptedBefore) / (double) every;
      rates.add(rate);
      Map<String, Lateness> late = Lateness.closedBetween(server.db, from, to);
      for (Lateness l : late.values()) {
        List<Double> list = all.computeIfAbsent(l.kind(), k -> new ArrayList<>());
        for (double d : l.seconds()) list.add(d);
      }
      // What retention deleted: the executions started minus those the table gained.
      long rows = server.scalar("SELECT count(*) FROM executions");
      double deletedPerSecond = ((a - acceptedBefore) - (rows - rowsBefore)) / (double) every;
      System.out.printf(
          Locale.ROOT,
          "%-8s %6d %8.0f %9.0f | %-23s | %-23s | %-23s | %7d %7d %8d %8d %8.0f %6s%n",
          phase,
          t,
          rate,
          (th - throttledBefore) / (double) every,
          Lateness.summary(late.get("wait")),
          Lateness.summary(late.get("timeout")),
          Lateness.summary(late.get("heartbeat")),
          server.rssMegabytes(),
          server.scalar("SELECT pg_database_size(current_database())") >> 20,
          server.scalar("SELECT count(*) FROM executions WHERE status = 'RUNNING'"),
          rows,
          deletedPerSecond,
          loadAverage());
      rowsBefore = rows;
      from = to;
      acceptedBefore = a;
      throttledBefore = th;
    }
  }

  /** The machine's one-minute load average: the cores are shared, so say how busy they were. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
