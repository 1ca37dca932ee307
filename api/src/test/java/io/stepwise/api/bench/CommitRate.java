package io.stepwise.api.bench;

import io.stepwise.api.postgres.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PostgreSQL's raw commit rate on this machine: one-row INSERT + COMMIT in a loop on 1 and N
 * connections against the embedded database as the server runs it (fsync and synchronous_commit
 * on). The ceiling for anything that commits once per request. Usage: {@code CommitRate [seconds]
 * [connections...]}.
 */
public final class CommitRate {
  private CommitRate() {}

  public static void main(String... args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<Integer> counts = new ArrayList<>();
    for (int i = 1; i < args.length; i++) counts.add(Integer.parseInt(args[i]));
    if (counts.isEmpty()) counts = List.of(1, 4, 16);
    Path dir = Files.createTempDirectory("stepwise-commit-rate-");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "")) {
        c.createStatement().execute("CREATE TABLE t (id bigserial PRIMARY KEY, v text)");
        var rs = c.createStatement().executeQuery("SHOW fsync");
        rs.next();
        System.out.println("fsync=" + rs.getString(1));
      }
      for (int n : counts) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          done.add(
              pool.submit(
                  () -> {
                    int commits = 0;
                    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "")) {
                      c.setAutoCommit(false);
                      PreparedStatement insert = c.prepareStatement("INSERT INTO t (v) VALUES (?)");
                      while (System.nanoTime() < end) {
                        insert.setString(1, "x");
                        insert.executeUpdate();
                        c.commit();
                        commits++;
                      }
                    }
                    return commits;
                  }));
        }
        int total = 0;
        for (Future<Integer> f : done) total += f.get();
        pool.shutdown();
        System.out.printf("%d connections: %.0f commits/s%n", n, total / (double) seconds);
      }
    }
  }
}
