package io.stepwise.api.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL that Stepwise starts itself when no database is configured: real PostgreSQL
 * binaries shipped in a Maven jar (zonky), with its data kept in a folder across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL on that port (0: a free one) with its data under {@code dataDirectory}, or in
   * a fresh temporary folder when {@code dataDirectory} is null (tests).
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder().setPort(port == 0 ? freePort() : port);
      if (dataDirectory != null) {
        Path data = dataDirectory.resolve("postgres");
        stopOrphan(data);
        // zonky tunes PostgreSQL for tests (no fsync, asynchronous commit); a server's data must
        // survive a crash, so a committed step stays committed.
        builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        Path work = dataDirectory.resolve("postgres-binaries");
        Files.createDirectories(work);
        builder
            .setDataDirectory(data.toFile())
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(work.toFile());
      }
      return new EmbeddedDatabase(builder.start(), dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  /**
   * Stops a PostgreSQL left running on the data folder by a server process that was killed (its
   * postmaster outlives the JVM); PostgreSQL recovers from its WAL on the next start.
   */
  private static void stopOrphan(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
    } catch (RuntimeException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) return;
    System.out.println(
        "Stopping the PostgreSQL (pid " + pid + ") a previous server left running on " + data);
    process.get().destroy();
    try {
      process.get().onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.get().destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/postgres";
  }

  public String reactiveUrl() {
    return "postgresql://localhost:" + port() + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  /** Where its data lives, or null for a throw-away database. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
