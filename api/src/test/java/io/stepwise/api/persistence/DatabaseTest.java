package io.stepwise.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statements sent without waiting still commit or roll back with their transaction. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseTest {
  @Inject Database db;
  final String key = UUID.randomUUID().toString();

  @BeforeEach
  void table() {
    db.query("CREATE TABLE IF NOT EXISTS pipelined (k text NOT NULL, n int NOT NULL)");
  }

  @Test
  void sentStatementsCommitTogetherAndHandTheirRowsBackBeforeTheTransactionReturns() {
    List<Integer> returned = new ArrayList<>();
    int result =
        db.inTransaction(
            sql -> {
              for (int i = 1; i <= 3; i++) {
                sql.send(
                    rows -> rows.forEach(r -> returned.add(r.getInteger("n"))),
                    "INSERT INTO pipelined (k, n) VALUES ($1, $2) RETURNING n",
                    key,
                    i);
              }
              // A waited query sees what was sent before it.
              return sql.query("SELECT count(*) AS c FROM pipelined WHERE k = $1", key)
                  .iterator()
                  .next()
                  .getInteger("c");
            });
    assertThat(result).isEqualTo(3);
    assertThat(returned).containsExactly(1, 2, 3);
    assertThat(count()).isEqualTo(3);
  }

  @Test
  void aFailedSentStatementRollsBackEverythingAndItsOwnErrorIsReported() {
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    sql -> {
                      sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 1)", key);
                      sql.send("INSERT INTO pipelined (k, n) VALUES ($1, NULL)", key);
                      sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 3)", key);
                      return null;
                    }))
        .isInstanceOf(PgException.class)
        .hasMessageContaining("null value in column \"n\"");
    assertThat(count()).isZero();
  }

  @Test
  void aWaitedQueryAfterAFailedSendReportsTheSendsError() {
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    sql -> {
                      sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 1)", key);
                      sql.send("INSERT INTO no_such_table VALUES (1)");
                      return sql.query("SELECT 1");
                    }))
        .hasMessageContaining("no_such_table");
    assertThat(count()).isZero();
  }

  @Test
  void workThatThrowsRollsBackWhatItSent() {
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    sql -> {
                      sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 1)", key);
                      throw new IllegalStateException("changed my mind");
                    }))
        .hasMessage("changed my mind");
    assertThat(count()).isZero();
    // The connection went back to the pool usable, outside any transaction.
    int rows = db.inTransaction(sql -> sql.query("SELECT 1 AS one").rowCount());
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void workThatThrowsAfterAWaitRollsBackWhatWasAlreadyExecuted() {
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    sql -> {
                      sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 1)", key);
                      // BEGIN and the insert have run on the connection by now.
                      sql.query("SELECT 1");
                      throw new IllegalStateException("changed my mind");
                    }))
        .hasMessage("changed my mind");
    // More queries than the pool has connections: one left inside the transaction would see its
    // own uncommitted row.
    for (int i = 0; i < 25; i++) assertThat(count()).isZero();
  }

  @Test
  void aConnectionLostMidTransactionFailsTheTransactionInsteadOfHangingIt() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(
                () ->
                    db.inTransaction(
                        sql -> {
                          sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 1)", key);
                          try {
                            sql.query("SELECT pg_terminate_backend(pg_backend_pid())");
                          } catch (RuntimeException expected) {
                            // The server ended the connection under the statement.
                          }
                          // The last batch goes to a connection that is gone.
                          sql.send("INSERT INTO pipelined (k, n) VALUES ($1, 2)", key);
                          return null;
                        })));
    assertThat(count()).isZero();
  }

  @Test
  void aTransactionLeftIdleIsEndedByPostgreSqlAndNothingOfItIsKept() {
    // Every connection of the pool carries the server's limit (application.properties).
    assertThat(db.query("SHOW idle_in_transaction_session_timeout").iterator().next().getString(0))
        .isEqualTo("1min");
    assertThatThrownBy(
        () ->
            db.inTransaction(
                sql -> {
                  // The same limit, shortened for this transaction.
                  sql.query("SET LOCAL idle_in_transaction_session_timeout = '200ms'");
                  sql.query("INSERT INTO pipelined (k, n) VALUES ($1, 1)", key);
                  try {
                    Thread.sleep(1_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  sql.query("INSERT INTO pipelined (k, n) VALUES ($1, 2)", key);
                  return null;
                }));
    assertThat(count()).isZero();
  }

  private int count() {
    return db.query("SELECT count(*) AS c FROM pipelined WHERE k = $1", key)
        .iterator()
        .next()
        .getInteger("c");
  }
}
