package io.stepwise.api.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The soak's storage phase: runs executions to their end on a fresh database, then prints what each
 * costs on disk, table by table and index by index, before and after compaction.
 */
final class StorageReport {
  private StorageReport() {}

  /** Runs executions to their end, then measures what each costs on disk, table by table. */
  static void measure(SoakServer server, SoakWorkload workload, int executions) throws Exception {
    Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < executions; i++) {
        clients.submit(
            () -> {
              while (!workload.startOne()) SoakServer.pause(50);
            });
      }
    }
    server.awaitNoneRunning(Duration.ofMinutes(5));
    server.sql("VACUUM ANALYZE");
    long done = server.scalar("SELECT count(*) FROM executions WHERE start_time >= '" + from + "'");
    // The phase runs first, on a fresh database: every history row is one of these executions'.
    long events = server.scalar("SELECT count(*) FROM history_events");
    System.out.printf(
        Locale.ROOT,
        "storage: %d executions (%.1f history events each), bytes per execution by table"
            + " (heap+TOAST / indexes):%n",
        done,
        events / (double) done);
    tableSizes(
        server.db, done, "after VACUUM ANALYZE (space left by updated row versions included)");
    // Compacted, the figure depends only on what the rows and their index entries hold, not on
    // how much of the space updates left behind had been reused yet: the one to compare schemas by.
    server.sql("VACUUM FULL ANALYZE");
    tableSizes(server.db, done, "after VACUUM FULL (compacted)");
    indexSizes(server.db, done);
    columns(server.db, "executions", "e.start_time >= '" + from + "'", "e");
    columns(server.db, "history_events", "true", "h");
  }

  /** Each index of the two big tables, in bytes per execution (compacted). */
  private static void indexSizes(Connection db, long executions) throws SQLException {
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

  private static void tableSizes(Connection db, long executions, String when) throws SQLException {
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
  private static void columns(Connection db, String table, String where, String alias)
      throws SQLException {
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
}
