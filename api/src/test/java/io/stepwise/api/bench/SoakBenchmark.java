package io.stepwise.api.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

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
  private static final String ROLE = "arn:aws:iam::123456789012:role/soak";

  /** Lateness samples of one kind of due time, in seconds. */
  private record Lateness(String kind, double[] seconds) {}

  private final Map<String, Object> options;
  private final Path jar;
  private Process server;
  private Path data;
  private Connection db;
  private SfnClient sfn;
  private final Map<String, String> machines = new HashMap<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();

  private SoakBenchmark(Map<String, Object> options) {
    this.options = options;
    this.jar = Path.of((String) options.get("jar"));
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
    SoakBenchmark bench = new SoakBenchmark(o);
    try {
      bench.run();
    } finally {
      bench.stop();
    }
  }

  private void run() throws Exception {
    startServer();
    int storage = (Integer) options.get("storage");
    if (storage > 0) storage(storage);
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

  // --- The server and its database ---

  private void startServer() throws Exception {
    data = Files.createTempDirectory("stepwise-soak");
    int httpPort = freePort();
    int dbPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(((String) options.get("server-jvm")).split(" ")));
    command.addAll(
        List.of(
            "-Dstepwise.security.enabled=false",
            // AWS's quotas stay on, raised past what one node can take: what is measured is the
            // node, not AWS's default StartExecution refill of 300/s.
            "-Dstepwise.quotas.overrides=StartExecution=100000/100000,StateTransition=1000000/1000000",
            "-Dstepwise.retention.period=" + options.get("retention"),
            "-Dstepwise.retention.interval=10s",
            "-Dstepwise.retention.initial-delay=10s",
            "-jar",
            jar.toString(),
            "--port",
            String.valueOf(httpPort),
            "--data",
            data.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("STEPWISE_DB_PORT", String.valueOf(dbPort));
    pb.redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
    server = pb.start();
    URI endpoint = URI.create("http://localhost:" + httpPort);
    sfn =
        SfnClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("soak", "soak")))
            .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .socketTimeout(Duration.ofSeconds(60))
                    .connectionTimeout(Duration.ofSeconds(10)))
            .build();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      try {
        sfn.listStateMachines(b -> {});
        break;
      } catch (RuntimeException e) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the server did not start; see " + data, e);
        }
        Thread.sleep(500);
      }
    }
    db =
        DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "");
    System.out.printf(
        Locale.ROOT,
        "Stepwise soak benchmark: server %s (pid %d, %s), data %s, %d cores%n",
        endpoint,
        server.pid(),
        options.get("server-jvm"),
        data,
        Runtime.getRuntime().availableProcessors());
    String activity = sfn.createActivity(b -> b.name("soak-unanswered")).activityArn();
    machines.put(
        "wait",
        machine(
            "soak-wait",
            "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"Result\":{\"n\":1},"
                + "\"Next\":\"Check\"},\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
                + "\"$.n\",\"NumericEquals\":1,\"Next\":\"Wait\"}],\"Default\":\"Done\"},"
                + "\"Wait\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"Done\"},"
                + "\"Done\":{\"Type\":\"Pass\",\"End\":true}}}"));
    machines.put("timeout", unanswered("soak-timeout", activity, "\"TimeoutSeconds\":1"));
    machines.put(
        "heartbeat",
        unanswered(
            "soak-heartbeat",
            "arn:aws:lambda:us-east-1:123456789012:function:soak-unanswered",
            "\"TimeoutSeconds\":60,\"HeartbeatSeconds\":1"));
  }

  /** A Task nobody answers, caught when its timeout or heartbeat fires. */
  private String unanswered(String name, String resource, String timeouts) {
    return machine(
        name,
        "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\""
            + resource
            + "\","
            + timeouts
            + ",\"Catch\":[{\"ErrorEquals\":[\"States.Timeout\"],\"Next\":\"Done\"}],"
            + "\"End\":true},\"Done\":{\"Type\":\"Pass\",\"End\":true}}}");
  }

  private String machine(String name, String definition) {
    return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE))
        .stateMachineArn();
  }

  private void stop() throws Exception {
    if (db != null) db.close();
    if (server != null) {
      server.destroy();
      server.waitFor();
    }
    // The database of a soak run is large and of no use after it: keep only the server's log.
    if (data != null && Files.isDirectory(data.resolve("postgres"))) {
      try (var files = Files.walk(data.resolve("postgres"))) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // --- Phases ---

  /** Runs executions to their end, then measures what each costs on disk, table by table. */
  private void storage(int executions) throws Exception {
    Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < executions; i++) {
        clients.submit(
            () -> {
              while (!startOne()) pause(50);
            });
      }
    }
    awaitNoneRunning(Duration.ofMinutes(5));
    sql("VACUUM ANALYZE");
    long done = scalar("SELECT count(*) FROM executions WHERE start_time >= '" + from + "'");
    // The phase runs first, on a fresh database: every history row is one of these executions'.
    long events = scalar("SELECT count(*) FROM history_events");
    System.out.printf(
        Locale.ROOT,
        "storage: %d executions (%.1f history events each), bytes per execution by table"
            + " (heap+TOAST / indexes):%n",
        done,
        events / (double) done);
    tableSizes(done, "after VACUUM ANALYZE (space left by updated row versions included)");
    // Compacted, the figure depends only on what the rows and their index entries hold, not on
    // how much of the space updates left behind had been reused yet: the one to compare schemas by.
    sql("VACUUM FULL ANALYZE");
    tableSizes(done, "after VACUUM FULL (compacted)");
    indexSizes(done);
    columns("executions", "e.start_time >= '" + from + "'", "e");
    columns("history_events", "true", "h");
  }

  /** Each index of the two big tables, in bytes per execution (compacted). */
  private void indexSizes(long executions) throws SQLException {
    StringBuilder line = new StringBuilder("  indexes per execution:");
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT indexrelname, pg_relation_size(indexrelid) AS size FROM"
                    + " pg_stat_user_indexes WHERE relname IN ('executions', 'history_events')"
                    + " ORDER BY relname, indexrelname")) {
      while (r.next()) {
        line.append(
            String.format(
                Locale.ROOT,
                " %s %.0f,",
                r.getString("indexrelname"),
                r.getLong("size") / (double) executions));
      }
    }
    System.out.println(line.substring(0, line.length() - 1));
  }

  private void tableSizes(long executions, String when) throws SQLException {
    System.out.printf(Locale.ROOT, " %s:%n", when);
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT relname, pg_table_size(relid) AS heap, pg_indexes_size(relid) AS idx"
                    + " FROM pg_stat_user_tables WHERE relname IN ('executions', 'history_events',"
                    + " 'tasks', 'timers', 'map_runs') ORDER BY relname")) {
      long total = 0;
      while (r.next()) {
        long heap = r.getLong("heap");
        long idx = r.getLong("idx");
        total += heap + idx;
        System.out.printf(
            Locale.ROOT,
            "  %-15s %7.0f / %7.0f%n",
            r.getString("relname"),
            heap / (double) executions,
            idx / (double) executions);
      }
      System.out.printf(
          Locale.ROOT, "  %-15s %7.0f in all%n", "per execution", total / (double) executions);
    }
  }

  /** The average stored size of each column of a table's rows (pg_column_size: after TOAST). */
  private void columns(String table, String where, String alias) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = '"
                    + table
                    + "' ORDER BY ordinal_position")) {
      while (r.next()) names.add(r.getString(1));
    }
    StringBuilder query = new StringBuilder("SELECT avg(pg_column_size(" + alias + ".*))");
    for (String n : names) query.append(", avg(pg_column_size(").append(n).append("))");
    query.append(" FROM ").append(table).append(' ').append(alias).append(" WHERE ").append(where);
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(query.toString())) {
      r.next();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        double avg = r.getDouble(i + 2);
        if (avg >= 1) line.append(String.format(Locale.ROOT, " %s %.0f,", names.get(i), avg));
      }
      System.out.printf(
          Locale.ROOT,
          "  %s row %.0f B on average; by column:%s%n",
          table,
          r.getDouble(1),
          line.substring(0, Math.max(0, line.length() - 1)));
    }
  }

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
                if (!startOne()) pause(20);
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
    long acceptedBefore = accepted.get();
    long throttledBefore = throttled.get();
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
                if (wait > 0) pause(wait / 1_000_000);
                while (!startOne() && System.nanoTime() < end) pause(50);
              }
            });
      }
      sampleInto("soak", seconds, all);
    }
    awaitNoneRunning(Duration.ofMinutes(2));
    System.out.printf(Locale.ROOT, "soak summary at %.0f starts/s for %d s:%n", rate, seconds);
    for (var e : all.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "  %-9s %7d fired, lateness p50 %.3f s, p99 %.3f s, max %.3f s%n",
          e.getKey(),
          v.length,
          percentile(v, 0.5),
          percentile(v, 0.99),
          v.length == 0 ? 0 : v[v.length - 1]);
    }
    System.out.printf(
        Locale.ROOT,
        "  throttled %d of %d start calls; server RSS %d MB; database %d MB%n",
        throttled.get() - throttledBefore,
        accepted.get() - acceptedBefore + throttled.get() - throttledBefore,
        rssMegabytes(),
        scalar("SELECT pg_database_size(current_database())") >> 20);
    indexScans();
  }

  /**
   * How often the server used each index of the two big tables during the run: an index this
   * workload never reads is a candidate for removal if the pages and searches do not need it.
   */
  private void indexScans() throws SQLException {
    StringBuilder line = new StringBuilder("  index scans during the run:");
    try (Statement s = db.createStatement();
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

  /** One start of a machine of the mix; false when it was throttled. */
  private boolean startOne() {
    int pick = ThreadLocalRandom.current().nextInt(10);
    String machine = machines.get(pick == 0 ? "timeout" : pick == 1 ? "heartbeat" : "wait");
    try {
      sfn.startExecution(b -> b.stateMachineArn(machine));
      accepted.incrementAndGet();
      return true;
    } catch (SfnException e) {
      if (e.isThrottlingException()) {
        throttled.incrementAndGet();
        return false;
      }
      throw e;
    }
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
    long acceptedBefore = accepted.get();
    long throttledBefore = throttled.get();
    long rowsBefore = scalar("SELECT count(*) FROM executions");
    for (int t = every; t <= seconds; t += every) {
      long wake = phaseStart + Duration.ofSeconds(t).toNanos();
      pause((wake - System.nanoTime()) / 1_000_000);
      Instant to = Instant.now();
      long a = accepted.get();
      long th = throttled.get();
      double rate = (a - acceptedBefore) / (double) every;
      rates.add(rate);
      Map<String, Lateness> late = lateness(from, to);
      for (Lateness l : late.values()) {
        List<Double> list = all.computeIfAbsent(l.kind(), k -> new ArrayList<>());
        for (double d : l.seconds()) list.add(d);
      }
      // What retention deleted: the executions started minus those the table gained.
      long rows = scalar("SELECT count(*) FROM executions");
      double deletedPerSecond = ((a - acceptedBefore) - (rows - rowsBefore)) / (double) every;
      System.out.printf(
          Locale.ROOT,
          "%-8s %6d %8.0f %9.0f | %-23s | %-23s | %-23s | %7d %7d %8d %8d %8.0f %6s%n",
          phase,
          t,
          rate,
          (th - throttledBefore) / (double) every,
          summary(late.get("wait")),
          summary(late.get("timeout")),
          summary(late.get("heartbeat")),
          rssMegabytes(),
          scalar("SELECT pg_database_size(current_database())") >> 20,
          scalar("SELECT count(*) FROM executions WHERE status = 'RUNNING'"),
          rows,
          deletedPerSecond,
          loadAverage());
      rowsBefore = rows;
      from = to;
      acceptedBefore = a;
      throttledBefore = th;
    }
  }

  /**
   * How late each execution closed in the interval was: its run time minus the second it waits (its
   * Wait, its TimeoutSeconds, its HeartbeatSeconds), by machine.
   */
  private Map<String, Lateness> lateness(Instant from, Instant to) throws SQLException {
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

  private static String summary(Lateness l) {
    if (l == null || l.seconds().length == 0) return "-";
    double[] v = l.seconds().clone();
    Arrays.sort(v);
    return String.format(
        Locale.ROOT, "%.2f/%.2f/%.2f", percentile(v, 0.5), percentile(v, 0.99), v[v.length - 1]);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** The machine's one-minute load average: the cores are shared, so say how busy they were. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private long rssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private void awaitNoneRunning(Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (scalar("SELECT count(*) FROM executions WHERE status = 'RUNNING'") > 0
        && System.nanoTime() < deadline) {
      pause(500);
    }
  }

  private long scalar(String query) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(statement);
    }
  }

  private static void pause(long millis) {
    if (millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
