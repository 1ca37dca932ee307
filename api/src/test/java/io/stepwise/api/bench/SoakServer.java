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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The soak's server: the packaged jar on a fresh embedded PostgreSQL of its own, with an SDK client
 * (no retries: a throttle is counted, not hidden) and a JDBC connection to its database for what
 * the benchmark reads there. Closing it stops the server and deletes the database's files, keeping
 * the server's log.
 */
final class SoakServer implements AutoCloseable {
  final Process process;
  final Path data;
  final Connection db;
  final SfnClient sfn;

  private SoakServer(Process process, Path data, Connection db, SfnClient sfn) {
    this.process = process;
    this.data = data;
    this.db = db;
    this.sfn = sfn;
  }

  /** Starts the jar's server and waits until it answers (three minutes at the most). */
  static SoakServer start(Path jar, String serverJvm, Object retention) throws Exception {
    Path data = Files.createTempDirectory("stepwise-soak");
    int httpPort = freePort();
    int dbPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(serverJvm.split(" ")));
    command.addAll(
        List.of(
            "-Dstepwise.security.enabled=false",
            // AWS's quotas stay on, raised past what one node can take: what is measured is the
            // node, not AWS's default StartExecution refill of 300/s.
            "-Dstepwise.quotas.overrides=StartExecution=100000/100000,StateTransition=1000000/1000000",
            "-Dstepwise.retention.period=" + retention,
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
    Process server = pb.start();
    URI endpoint = URI.create("http://localhost:" + httpPort);
    SfnClient sfn =
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
          server.destroy();
          throw new IllegalStateException("the server did not start; see " + data, e);
        }
        Thread.sleep(500);
      }
    }
    Connection db =
        DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "");
    System.out.printf(
        Locale.ROOT,
        "Stepwise soak benchmark: server %s (pid %d, %s), data %s, %d cores%n",
        endpoint,
        server.pid(),
        serverJvm,
        data,
        Runtime.getRuntime().availableProcessors());
    return new SoakServer(server, data, db, sfn);
  }

  @Override
  public void close() throws Exception {
    if (db != null) db.close();
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
    // The database of a soak run is large and of no use after it: keep only the server's log.
    if (data != null && Files.isDirectory(data.resolve("postgres"))) {
      try (var files = Files.walk(data.resolve("postgres"))) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The server's resident memory, or -1 when it cannot be read. */
  long rssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  void awaitNoneRunning(Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (scalar("SELECT count(*) FROM executions WHERE status = 'RUNNING'") > 0
        && System.nanoTime() < deadline) {
      pause(500);
    }
  }

  long scalar(String query) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  void sql(String statement) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(statement);
    }
  }

  /** Sleeps, cut short by an interrupt (which is kept). */
  static void pause(long millis) {
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
