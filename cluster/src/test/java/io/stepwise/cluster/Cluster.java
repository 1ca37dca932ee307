package io.stepwise.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Real processes on this machine for the cluster tests and the scale benchmark: one PostgreSQL
 * (zonky's embedded binaries), packaged Stepwise servers ({@code quarkus-run.jar}) on it through
 * {@code STEPWISE_DB_URL}, and worker processes running {@code WorkerMain} from this module's test
 * classpath. Everything started here is stopped by {@link #close()}; the scratch folder (logs,
 * PostgreSQL data) is deleted only when {@link #passed()} was called, so a failure keeps its logs.
 */
final class Cluster implements AutoCloseable {
  static final String ROLE = "arn:aws:iam::123456789012:role/stepwise-cluster";

  final Path dir;
  private final String serverJar;
  private final List<Node> nodes = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private int postgresPort;
  private Path postgresData;
  private Map<String, String> postgresSettings = Map.of();
  private boolean passed;

  Cluster(String name) throws IOException {
    this.serverJar = System.getProperty("stepwise.server.jar", "");
    this.dir = Files.createTempDirectory("stepwise-" + name + "-");
  }

  /** The packaged server, or null when it has not been built. */
  static String serverJar() {
    String jar = System.getProperty("stepwise.server.jar", "");
    return !jar.isBlank() && Files.isRegularFile(Path.of(jar)) ? jar : null;
  }

  /**
   * The packaged server these tests run. Without it a developer's focused run skips them, but under
   * {@code CI=true} they fail: a CI run that silently skipped every cluster test would look green.
   */
  static String requireServerJar() {
    String jar = serverJar();
    String missing =
        "no packaged server at -Dstepwise.server.jar="
            + System.getProperty("stepwise.server.jar", "")
            + " (build it with ./mvnw -pl api -am package -DskipTests)";
    if (jar == null && "true".equals(System.getenv("CI"))) Assertions.fail(missing);
    Assumptions.assumeTrue(jar != null, missing);
    return jar;
  }

  // ---------------------------------------------------------------- PostgreSQL

  /**
   * Starts PostgreSQL with its data in this cluster's folder on a free port. {@code durable}: fsync
   * and synchronous commit on, as the server configures its embedded one (zonky's test defaults
   * switch both off).
   */
  void startPostgres(boolean durable) throws IOException {
    postgresPort = freePort();
    postgresData = dir.resolve("postgres");
    postgresSettings =
        durable
            ? Map.of("fsync", "on", "synchronous_commit", "on", "max_connections", "300")
            : Map.of("max_connections", "300");
    postgres = buildPostgres();
  }

  /** The data folder is kept across restarts; {@link #close()} deletes it after a pass. */
  private EmbeddedPostgres buildPostgres() throws IOException {
    Path work = dir.resolve("postgres-binaries");
    Files.createDirectories(work);
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder()
            .setPort(postgresPort)
            .setDataDirectory(postgresData.toFile())
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(work.toFile())
            .setPGStartupWait(Duration.ofSeconds(60));
    postgresSettings.forEach(b::setServerConfig);
    return b.start();
  }

  /**
   * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster, what {@code pg_ctl stop -m
   * immediate} sends): every backend ends at once, no checkpoint; the next start recovers from the
   * WAL.
   */
  void stopPostgresImmediately() throws Exception {
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElseThrow();
    new ProcessBuilder("kill", "-QUIT", String.valueOf(postmaster.pid())).start().waitFor();
    postmaster.onExit().get(30, TimeUnit.SECONDS);
    // Releases zonky's lock on the data folder (its pg_ctl stop finds nothing left to stop).
    postgres.close();
    postgres = null;
  }

  /** Starts PostgreSQL again on the same port and data (after {@link #stopPostgresImmediately}). */
  void restartPostgres() throws IOException {
    postgres = buildPostgres();
  }

  long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst());
  }

  int postgresPort() {
    return postgresPort;
  }

  String jdbcUrl(int port) {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  Connection sql() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(postgresPort), "postgres", "");
  }

  // ---------------------------------------------------------------- servers and workers

  /** A process this cluster started. */
  record Node(String name, Process process, int port, Path log) {
    URI endpoint() {
      return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
      return process.pid();
    }

    /** SIGKILL (no shutdown hook, no graceful anything), and waits until the process is gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** Starts a packaged server on PostgreSQL at {@code databasePort} (the proxy's, or the real). */
  Node startServer(String name, int databasePort, String... jvmOptions) throws IOException {
    return startServer(name, databasePort, Map.of(), jvmOptions);
  }

  /**
   * Starts a packaged server with security off (as the api tests run) unless {@code jvmOptions}
   * switch it on again ({@code -Dstepwise.security.enabled=true}: the last setting wins).
   */
  Node startServer(
      String name, int databasePort, Map<String, String> environment, String... jvmOptions)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(java());
    command.add("-Dstepwise.security.enabled=false");
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-jar",
            serverJar,
            "--port",
            String.valueOf(port),
            "--host",
            "127.0.0.1",
            "--data",
            dir.resolve(name).toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("STEPWISE_DB_URL", jdbcUrl(databasePort));
    pb.environment().put("STEPWISE_DB_USER", "postgres");
    pb.environment().putAll(environment);
    return start(name, pb, port);
  }

  /**
   * Starts a worker process ({@code WorkerMain}) on the server, serving {@code resources} with the
   * handlers of this module's test classpath; its settings file sets the heartbeat interval.
   */
  Node startWorker(
      String name,
      URI server,
      int concurrency,
      String resources,
      int heartbeatSeconds,
      String... jvmOptions)
      throws IOException {
    Path config = dir.resolve(name + ".json");
    Files.writeString(
        config,
        "{\"workerName\":\""
            + name
            + "\",\"heartbeatSeconds\":"
            + heartbeatSeconds
            + ",\"backoffInitialSeconds\":1,\"backoffMaxSeconds\":2,\"shutdownGraceSeconds\":5}");
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp",
            testClasspath(),
            "io.stepwise.worker.WorkerMain",
            "--server",
            server.toString(),
            "--concurrency",
            String.valueOf(concurrency),
            "--resources",
            resources,
            "--config",
            config.toString()));
    return start(name, new ProcessBuilder(command), 0);
  }

  private Node start(String name, ProcessBuilder pb, int port) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process p =
        pb.redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Node node = new Node(name, p, port, log);
    nodes.add(node);
    return node;
  }

  /** Waits until the server's readiness check is UP (schema migrated, database reachable). */
  void awaitReady(Node server, Duration max) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (!server.process().isAlive()) {
        throw new AssertionError(server.name() + " exited; log: " + server.log());
      }
      try {
        if (ready(http, server)) return;
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            server.name() + " not ready after " + max + "; log: " + server.log());
      }
      Thread.sleep(250);
    }
  }

  /** GET /q/health/ready: 200 (UP) or 503 (DOWN). */
  static boolean ready(HttpClient http, Node server) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.endpoint().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200;
  }

  static SfnClient client(URI endpoint, int maxAttempts) {
    return client(endpoint, maxAttempts, "cluster", "cluster");
  }

  /** The AWS SDK client; {@code maxAttempts} 1: no retries, the caller sees every failure. */
  static SfnClient client(URI endpoint, int maxAttempts, String keyId, String secret) {
    return SfnClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .overrideConfiguration(
            c ->
                c.retryStrategy(
                        maxAttempts > 1
                            ? AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .build()
                            : AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(Duration.ofSeconds(30))
                    .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(25)))
        .build();
  }

  /** CPU time (user + system) of a process in milliseconds, from /proc/PID/stat. */
  /** Waits until no execution of the machine is RUNNING, read straight from PostgreSQL. */
  static void awaitNoneRunning(Connection sql, String machine, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    try (PreparedStatement q =
        sql.prepareStatement(
            "SELECT count(*) FROM executions WHERE state_machine_arn = ? AND status = 'RUNNING'")) {
      q.setString(1, machine);
      while (true) {
        try (ResultSet r = q.executeQuery()) {
          r.next();
          long running = r.getLong(1);
          if (running == 0) return;
          if (System.nanoTime() > deadline) {
            throw new AssertionError(running + " executions still running after " + max);
          }
        }
        Thread.sleep(500);
      }
    }
  }

  static long cpuMillis(long pid, boolean withWaitedChildren) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // Fields after the command name (which may contain spaces) start at field 3.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    if (withWaitedChildren) ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return ticks * 1000 / CLOCK_TICKS;
  }

  /** Linux's USER_HZ; 100 on every mainstream kernel. */
  private static final long CLOCK_TICKS = 100;

  /**
   * CPU time of PostgreSQL: the postmaster with the children it has reaped (backends that ended)
   * plus its live children.
   */
  long postgresCpuMillis() throws IOException {
    long pid = postmasterPid();
    long total = cpuMillis(pid, true);
    for (ProcessHandle child : ProcessHandle.of(pid).orElseThrow().children().toList()) {
      try {
        total += cpuMillis(child.pid(), false);
      } catch (IOException | RuntimeException gone) {
        // ended between listing and reading: its time is in the postmaster's reaped total
      }
    }
    return total;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String testClasspath() throws IOException {
    String classes = System.getProperty("stepwise.test.classes", "");
    String file = System.getProperty("stepwise.test.classpath.file", "");
    if (classes.isBlank() || file.isBlank()) {
      return System.getProperty("java.class.path");
    }
    return classes + java.io.File.pathSeparator + Files.readString(Path.of(file)).trim();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  void passed() {
    passed = true;
  }

  @Override
  public void close() {
    for (Node n : nodes) n.process().destroy();
    for (Node n : nodes) {
      try {
        if (!n.process().waitFor(20, TimeUnit.SECONDS)) n.process().destroyForcibly();
      } catch (InterruptedException e) {
        n.process().destroyForcibly();
      }
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (passed) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a scratch folder left behind in /tmp
      }
    } else {
      System.out.println("cluster files kept for inspection: " + dir);
    }
  }
}
