package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.StoredDefinitions;
import io.stepwise.api.persistence.UnusedDefinitions;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention forgetting an unused definition races a start that runs the same definition (a start
 * through a version deleted meanwhile, or of a machine updated meanwhile): on real PostgreSQL, each
 * side holds its transaction open at the point where the other one meets it.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class UnusedDefinitionsRaceTest {
  private static final String MACHINE =
      "arn:aws:states:us-east-1:123456789012:stateMachine:unused-definitions";

  @Inject Database db;
  @Inject UnusedDefinitions unused;
  final ExecutorService threads = Executors.newFixedThreadPool(2);
  final String executionArn =
      "arn:aws:states:us-east-1:123456789012:execution:unused-definitions:" + UUID.randomUUID();

  @AfterEach
  void removeTheExecution() {
    threads.shutdownNow();
    db.query("DELETE FROM executions WHERE arn = $1", executionArn);
  }

  @Test
  void aStartThatMeetsTheDeletionOfItsDefinitionStoresItAgain() throws Exception {
    String body = definitionNothingUses();
    long stored = StoredDefinitions.idOf(db, body);
    CountDownLatch deleted = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    Future<Integer> retention =
        heldOpen(sql -> UnusedDefinitions.deleteBatch(sql, 10_000), deleted, commit);
    await(deleted);

    Future<Long> start =
        threads.submit(
            () -> db.inTransaction(sql -> StepWriter.insert(sql, execution(body), "{}")));
    awaitStartWaitingForALock();
    commit.countDown();

    assertThat(retention.get(30, TimeUnit.SECONDS)).isPositive();
    assertThat(start.get(30, TimeUnit.SECONDS)).isNotNull();
    var row =
        db.query(
                "SELECT d.id, d.body FROM executions e JOIN definitions d ON d.id = e.definition_id"
                    + " WHERE e.arn = $1",
                executionArn)
            .iterator()
            .next();
    assertThat(row.getString("body")).isEqualTo(body);
    assertThat(row.getLong("id")).as("stored again, under a new id").isNotEqualTo(stored);
  }

  @Test
  void aDefinitionAStartHoldsIsSkippedWithoutWaitingAndKeptOnceTheStartCommits() throws Exception {
    String body = definitionNothingUses();
    long stored = StoredDefinitions.idOf(db, body);
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    Future<Long> start =
        heldOpen(sql -> StepWriter.insert(sql, execution(body), "{}"), inserted, commit);
    await(inserted);

    // Would wait for the start's commit (and then fail on the foreign key) without SKIP LOCKED.
    threads.submit(() -> unused.deleteBatch(10_000)).get(30, TimeUnit.SECONDS);
    assertThat(exists(stored)).isTrue();

    commit.countDown();
    assertThat(start.get(30, TimeUnit.SECONDS)).isNotNull();
    unused.deleteBatch(10_000);
    assertThat(exists(stored)).as("an execution runs it").isTrue();

    db.query("DELETE FROM executions WHERE arn = $1", executionArn);
    unused.deleteBatch(10_000);
    assertThat(exists(stored)).as("nothing runs it any more").isFalse();
  }

  /** Runs work in a transaction on another thread that commits only when {@code commit} opens. */
  private <T> Future<T> heldOpen(
      Function<Database.Sql, T> work, CountDownLatch done, CountDownLatch commit) {
    return threads.submit(
        () ->
            db.inTransaction(
                sql -> {
                  T result = work.apply(sql);
                  done.countDown();
                  await(commit);
                  return result;
                }));
  }

  /** A definition no machine, version or execution has (ids grow: the batch reaches it). */
  private static String definitionNothingUses() {
    return "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\""
        + UUID.randomUUID()
        + "\",\"End\":true}}}";
  }

  private NewExecution execution(String definition) {
    ExecutionSnapshot snapshot =
        ExecutionSnapshot.create(
            executionArn,
            executionArn.substring(executionArn.lastIndexOf(':') + 1),
            MACHINE,
            "unused-definitions",
            "arn:aws:iam::123456789012:role/test",
            Json.object(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            1L);
    return NewExecution.of(snapshot, definition, "STANDARD");
  }

  private boolean exists(long id) {
    return db.query("SELECT 1 FROM definitions WHERE id = $1", id).rowCount() == 1;
  }

  /** Until the start's statement waits for a row lock (the deleting transaction's). */
  private void awaitStartWaitingForALock() throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (db.query(
                  "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                      + " AND query LIKE 'WITH known AS%'")
              .rowCount()
          > 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the start never waited for the deleting transaction");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new AssertionError("timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
