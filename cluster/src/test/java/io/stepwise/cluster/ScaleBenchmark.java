package io.stepwise.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.cluster.Cluster.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The scale benchmark (a main class, not a test): durable state transitions per second of a shared
 * bench workload (order-flow by default) with 1, 2 and 3 packaged server processes on one
 * PostgreSQL on this machine, and what a transition costs: CPU milliseconds of the servers, of
 * PostgreSQL (postmaster, its reaped and its live backends, from {@code /proc/PID/stat}) and of
 * this load driver, and bytes of WAL written ({@code pg_current_wal_lsn()} before and after).
 * PostgreSQL runs with fsync and synchronous commit on, as the server's embedded one does.
 *
 * <p>Run it with {@code deploy/bench/scale-benchmark.sh [options]}; options: {@code --servers
 * 1,2,3}, {@code --executions 2000} (per measured run), {@code --warmup 300}, {@code --clients 16}
 * (concurrent StartExecution callers, spread round-robin over the servers), {@code --workload
 * FILE}. Writes the table to stdout and to {@code cluster/target/scale-benchmark.md}.
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  record Settings(List<Integer> servers, int executions, int warmup, int clients, Path workload) {}

  record Result(
      int servers,
      int executions,
      int succeeded,
      long transitions,
      double seconds,
      long serverCpuMs,
      long postgresCpuMs,
      long driverCpuMs,
      long walBytes,
      long machineBusyMs,
      String loadBefore,
      String loadAfter) {
    double transitionsPerSecond() {
      return transitions / seconds;
    }

    double perTransition(long total) {
      return (double) total / transitions;
    }

    /** Cores' worth of CPU that processes other than this benchmark's used during the run. */
    double otherCores() {
      long ours = serverCpuMs + postgresCpuMs + driverCpuMs;
      return Math.max(0, machineBusyMs - ours) / 1000.0 / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    // Before this benchmark adds its own processes: the machine's other load.
    String idleLoad = loadAverage(Files.readString(Path.of("/proc/loadavg")).trim());
    Settings s = settings(args);
    if (Cluster.serverJar() == null) {
      System.err.println(
          "no packaged server: -Dstepwise.server.jar=api/target/quarkus-app/quarkus-run.jar");
      System.exit(2);
    }
    JsonNode workload = new ObjectMapper().readTree(s.workload().toFile());
    List<Result> results = new ArrayList<>();
    try (Cluster cluster = new Cluster("scale-bench")) {
      cluster.startPostgres(true);
      String facts =
          machineFacts(cluster)
              + "\nLoad average before the benchmark started (other work on the machine): "
              + idleLoad
              + "; the load averages below include the benchmark's own processes, the column"
              + " before them is the CPU that other processes took during each run (/proc/stat"
              + " minus the measured processes).";
      System.out.println(facts);
      for (int n : s.servers()) {
        Result r = measure(cluster, n, s, workload);
        results.add(r);
        System.out.println(row(r));
      }
      String report = report(facts, s, workload, results);
      System.out.println();
      System.out.println(report);
      Path out = Path.of(System.getProperty("stepwise.cluster.output", "target"));
      Files.createDirectories(out);
      Files.writeString(out.resolve("scale-benchmark.md"), report);
      cluster.passed();
    }
  }

  private static Result measure(Cluster cluster, int n, Settings s, JsonNode workload)
      throws Exception {
    List<Node> servers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      servers.add(cluster.startServer("bench-" + n + "-server-" + i, cluster.postgresPort()));
    }
    for (Node server : servers) cluster.awaitReady(server, Duration.ofSeconds(180));
    List<SfnClient> clients = new ArrayList<>();
    for (Node server : servers) clients.add(Cluster.client(server.endpoint(), 3));
    try (Connection sql = cluster.sql()) {
      String name = workload.get("name").asText();
      String machine =
          clients
              .getFirst()
              .createStateMachine(
                  b ->
                      b.name("bench-" + name + "-" + n + "-servers")
                          .roleArn(Cluster.ROLE)
                          .type(StateMachineType.STANDARD)
                          .definition(workload.get("definition").toString()))
              .stateMachineArn();
      String input = workload.get("input").toString();
      // Warm-up: JIT, connection pools and PostgreSQL's caches of every server.
      drive(clients, machine, input, s.warmup(), s.clients());
      awaitFinished(sql, machine, s.warmup());

      String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
      long serverCpu0 = serverCpu(servers);
      long postgresCpu0 = cluster.postgresCpuMillis();
      long driverCpu0 = Cluster.cpuMillis(ProcessHandle.current().pid(), false);
      String wal0 = walLsn(sql);
      long busy0 = machineBusyMillis();
      long t0 = System.nanoTime();
      drive(clients, machine, input, s.executions(), s.clients());
      int succeeded = awaitFinished(sql, machine, s.warmup() + s.executions()) - s.warmup();
      long t1 = System.nanoTime();
      long serverCpu = serverCpu(servers) - serverCpu0;
      long postgresCpu = cluster.postgresCpuMillis() - postgresCpu0;
      long driverCpu = Cluster.cpuMillis(ProcessHandle.current().pid(), false) - driverCpu0;
      long wal = walBytesSince(sql, wal0);
      long busy = machineBusyMillis() - busy0;
      String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
      long transitions = (long) s.executions() * workload.get("transitionsPerExecution").asLong();
      return new Result(
          n,
          s.executions(),
          succeeded,
          transitions,
          (t1 - t0) / 1e9,
          serverCpu,
          postgresCpu,
          driverCpu,
          wal,
          busy,
          loadBefore,
          loadAfter);
    } finally {
      for (SfnClient c : clients) c.close();
      for (Node server : servers) {
        server.process().destroy();
        server.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** {@code count} StartExecution calls from {@code clients} threads, round-robin over servers. */
  private static void drive(
      List<SfnClient> servers, String machine, String input, int count, int clients)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                  servers
                      .get(i % servers.size())
                      .startExecution(b -> b.stateMachineArn(machine).input(input));
                }
                return null;
              }));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();
  }

  /**
   * Waits until {@code total} executions of the machine have closed; returns how many succeeded.
   */
  private static int awaitFinished(Connection sql, String machine, int total) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    try (PreparedStatement q =
        sql.prepareStatement(
            "SELECT count(*) FILTER (WHERE status <> 'RUNNING'),"
                + " count(*) FILTER (WHERE status = 'SUCCEEDED')"
                + " FROM executions WHERE state_machine_arn = ?")) {
      q.setString(1, machine);
      while (true) {
        try (ResultSet r = q.executeQuery()) {
          r.next();
          if (r.getInt(1) >= total) return r.getInt(2);
        }
        if (System.nanoTime() > deadline) throw new IllegalStateException("not finished");
        Thread.sleep(50);
      }
    }
  }

  /** CPU time the whole machine spent busy (all cores, all processes), from /proc/stat. */
  private static long machineBusyMillis() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal ...
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
    return busy * 10; // USER_HZ 100
  }

  private static long serverCpu(List<Node> servers) throws IOException {
    long total = 0;
    for (Node n : servers) total += Cluster.cpuMillis(n.pid(), false);
    return total;
  }

  private static String walLsn(Connection sql) throws Exception {
    try (Statement st = sql.createStatement();
        ResultSet r = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      r.next();
      return r.getString(1);
    }
  }

  private static long walBytesSince(Connection sql, String lsn) throws Exception {
    try (PreparedStatement st =
        sql.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint")) {
      st.setString(1, lsn);
      try (ResultSet r = st.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String machineFacts(Cluster cluster) throws Exception {
    String model =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("?");
    long memKb =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal"))
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElse(0L);
    String pg;
    try (Connection sql = cluster.sql();
        Statement st = sql.createStatement();
        ResultSet r = st.executeQuery("SELECT version()")) {
      r.next();
      pg = r.getString(1).replaceAll(" on .*", "");
    }
    return String.format(
        Locale.ROOT,
        "Machine: %d cores (nproc), %s, %.1f GiB; %s (embedded, fsync and synchronous_commit on);"
            + " Java %s; %s",
        Runtime.getRuntime().availableProcessors(),
        model,
        memKb / 1024.0 / 1024.0,
        pg,
        System.getProperty("java.version"),
        Instant.now());
  }

  private static final String HEADER =
      "| servers | executions | transitions/s | executions/s | server CPU-ms/transition |"
          + " PostgreSQL CPU-ms/transition | driver CPU-ms/transition | WAL bytes/transition |"
          + " other processes' CPU (cores) | load average before → after |\n"
          + "|---|---|---|---|---|---|---|---|---|---|";

  private static String row(Result r) {
    return String.format(
        Locale.ROOT,
        "| %d | %d (%d succeeded) in %.1f s | %,.0f | %,.1f | %.3f | %.3f | %.3f | %,.0f | %.2f |"
            + " %s → %s |",
        r.servers(),
        r.executions(),
        r.succeeded(),
        r.seconds(),
        r.transitionsPerSecond(),
        r.executions() / r.seconds(),
        r.perTransition(r.serverCpuMs()),
        r.perTransition(r.postgresCpuMs()),
        r.perTransition(r.driverCpuMs()),
        r.perTransition(r.walBytes()),
        r.otherCores(),
        loadAverage(r.loadBefore()),
        loadAverage(r.loadAfter()));
  }

  private static String loadAverage(String procLoadavg) {
    String[] f = procLoadavg.split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static String report(String facts, Settings s, JsonNode workload, List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("Scale benchmark: workload ")
        .append(workload.get("name").asText())
        .append(" (")
        .append(workload.get("transitionsPerExecution").asInt())
        .append(" transitions per execution), Standard, full history persisted; ")
        .append(s.executions())
        .append(" executions per run after ")
        .append(s.warmup())
        .append(" warm-up ones, ")
        .append(s.clients())
        .append(
            " client threads (AWS SDK v2, UrlConnectionHttpClient) round-robin over the servers.\n")
        .append(facts)
        .append("\n\n")
        .append(HEADER)
        .append('\n');
    for (Result r : results) b.append(row(r)).append('\n');
    return b.toString();
  }

  private static Settings settings(String[] args) {
    List<Integer> servers = List.of(1, 2, 3);
    int executions = 2000;
    int warmup = 300;
    int clients = 16;
    String shared = System.getProperty("stepwise.shared", "../shared");
    Path workload = Path.of(shared, "bench", "workloads", "order-flow.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--servers" ->
            servers =
                java.util.Arrays.stream(args[++i].split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        case "--executions" -> executions = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--workload" -> workload = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new Settings(servers, executions, warmup, clients, workload);
  }
}
