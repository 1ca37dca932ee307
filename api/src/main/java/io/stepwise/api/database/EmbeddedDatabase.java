package io.stepwise.api.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

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
