package io.stepwise.approvals.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The stores' JDBC plumbing: one short transaction per call (committed when the work returns,
 * rolled back when it throws), statements bound by position, and column readers.
 */
final class Jdbc {
  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Rows<T> {
    T read(PreparedStatement ps) throws SQLException;
  }

  <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /**
   * One query in its own transaction: the statement bound to {@code args}, read by {@code rows}.
   */
  <T> T select(String sql, Rows<T> rows, Object... args) {
    return inTransaction(c -> select(c, sql, rows, args));
  }

  static <T> T select(Connection c, String sql, Rows<T> rows, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return rows.read(ps);
    }
  }

  /** One change in its own transaction; the number of rows it changed. */
  int update(String sql, Object... args) {
    return inTransaction(c -> update(c, sql, args));
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
  }

  static Array texts(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(String[]::new));
  }

  static List<String> list(ResultSet rs, int column) throws SQLException {
    Array array = rs.getArray(column);
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
