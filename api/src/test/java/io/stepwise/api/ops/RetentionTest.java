package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.StoredDefinitions;
import io.stepwise.api.persistence.UnusedDefinitions;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.LinkRecord;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class RetentionTest {
  @Inject Retention retention;
  @Inject UnusedDefinitions definitions;
  @Inject Database db;
  @Inject ApprovalStore approvals;
  @Inject AuditStore audits;
  final String prefix =
      "arn:aws:states:us-east-1:123456789012:execution:retention-" + UUID.randomUUID() + ":";
  final Instant now = Instant.now();

  @Test
  void deletesOldClosedExecutionsWithTheirHistoryInBatchesAndKeepsTheRest() {
    for (int i = 0; i < 7; i++) insert("old-" + i, "SUCCEEDED", days(200), days(100), null);
    insert("old-failed", "FAILED", days(200), days(91), null);
    insert("recent", "SUCCEEDED", days(20), days(10), null);
    insert("running", "RUNNING", days(300), null, null);
    // Redriven: running again although it once stopped long ago.
    insert("redriven", "RUNNING", days(300), days(200), null);
    insert("parent", "SUCCEEDED", days(200), days(100), null);
    insert("child", "RUNNING", days(200), null, prefix + "parent");

    int deleted = retention.purge(90, 3);

    assertThat(deleted).isEqualTo(8);
    assertThat(remaining())
        .containsExactlyInAnyOrder("recent", "running", "redriven", "parent", "child");
    assertThat(
            count(
                "SELECT count(*) FROM history_events h JOIN executions e ON e.id = h.execution_id"
                    + " WHERE starts_with(e.arn, $1)"))
        .isEqualTo(5 * 2);
    assertThat(count("SELECT count(*) FROM tasks WHERE starts_with(execution_arn, $1)"))
        .isEqualTo(5);
  }

  @Test
  void forgetsDefinitionsNothingUsesAnyMoreInBoundedBatches() {
    String machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + UUID.randomUUID();
    String ofMachine = definition("machine");
    String ofVersion = definition("version");
    String ofExecution = definition("execution");
    List<String> unused = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) unused.add(definition("unused-" + i));
    db.query(
        "INSERT INTO state_machines (arn, name, type, definition, role_arn, revision_id,"
            + " created_at, updated_at) VALUES ($1, $2, 'STANDARD', $3, 'r', 'rev', now(), now())",
        machineArn,
        machineArn.substring(machineArn.lastIndexOf(':') + 1),
        ofMachine);
    db.query(
        "INSERT INTO state_machine_versions (arn, state_machine_arn, version, definition,"
            + " role_arn, revision_id, created_at) VALUES ($1 || ':1', $1, 1, $2, 'r', 'old', now())",
        machineArn,
        ofVersion);
    for (String body : List.of(ofMachine, ofVersion, ofExecution)) StoredDefinitions.idOf(db, body);
    for (String body : unused) StoredDefinitions.idOf(db, body);
    insert("runs-a-definition", "SUCCEEDED", days(200), days(100), null);
    db.query(
        "UPDATE executions SET definition_id = $2 WHERE arn = $1",
        prefix + "runs-a-definition",
        StoredDefinitions.idOf(db, ofExecution));

    try {
      assertThat(definitions.deleteBatch(2)).as("one batch").isEqualTo(2);
      assertThat(retention.forgetDefinitions(2)).isGreaterThanOrEqualTo(unused.size() - 2);
      for (String body : unused) assertThat(stored(body)).as(body).isFalse();
      assertThat(stored(ofMachine)).isTrue();
      assertThat(stored(ofVersion)).isTrue();
      assertThat(stored(ofExecution)).isTrue();

      retention.purge(90, 10);
      retention.forgetDefinitions(2);
      assertThat(stored(ofExecution)).as("its last execution was deleted").isFalse();
      assertThat(stored(ofMachine)).isTrue();
    } finally {
      db.query("DELETE FROM state_machines WHERE arn = $1", machineArn);
    }
  }

  private static String definition(String result) {
    return "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\""
        + result
        + "-"
        + UUID.randomUUID()
        + "\",\"End\":true}}}";
  }

  private boolean stored(String body) {
    return db.query("SELECT 1 FROM definitions WHERE body = $1", body).rowCount() == 1;
  }

  @Test
  void dropsTheSnapshotsOfExecutionsPastAwsFourteenDaysOfRedriveOnly() {
    insert("failed-15-days", "FAILED", days(20), days(15), null);
    insert("timed-out-30-days", "TIMED_OUT", days(40), days(30), null);
    insert("aborted-15-days", "ABORTED", days(20), days(15), null);
    insert("failed-13-days", "FAILED", days(20), days(13), null);
    insert("running", "RUNNING", days(40), null, null);
    // Redriven long after it first stopped: its snapshot is what it runs on.
    insert("redriven", "RUNNING", days(40), days(30), null);

    int cleared = retention.forgetSnapshots(1);

    // The database is shared with the other test classes: theirs may go too.
    assertThat(cleared).isGreaterThanOrEqualTo(3);
    assertThat(snapshots())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "failed-15-days", "-",
                "timed-out-30-days", "-",
                "aborted-15-days", "-",
                "failed-13-days", "{}",
                "running", "{}",
                "redriven", "{}"));
  }

  /** Each execution of this test's prefix by name, with its stored snapshot ("-" for none). */
  private Map<String, String> snapshots() {
    Map<String, String> out = new java.util.HashMap<>();
    for (var row :
        db.query("SELECT name, snapshot FROM executions WHERE starts_with(arn, $1)", prefix)) {
      String snapshot = row.getString("snapshot");
      out.put(row.getString("name"), snapshot == null ? "-" : snapshot);
    }
    return out;
  }

  @Test
  void aPeriodShorterThanADayKeepsOnlyWhatClosedWithinIt() {
    Instant twoMinutesAgo = now.minus(Duration.ofMinutes(2));
    for (int i = 0; i < 5; i++)
      insert("minutes-" + i, "SUCCEEDED", twoMinutesAgo, twoMinutesAgo, null);
    insert("seconds", "SUCCEEDED", now.minusSeconds(10), now.minusSeconds(5), null);

    int deleted = retention.purge(Duration.ofMinutes(1), 2);

    // The database is shared with the other test classes: their closed executions go too.
    assertThat(deleted).isGreaterThanOrEqualTo(5);
    assertThat(remaining()).containsExactly("seconds");
  }

  @Test
  void deletesTheApprovalsOfDeletedExecutionsWithTheirLinksMailsAndAudit() {
    insert("old-approved", "SUCCEEDED", days(200), days(100), null);
    insert("recent-approved", "SUCCEEDED", days(20), days(10), null);
    UUID old = approval("old-approved");
    UUID recent = approval("recent-approved");
    assertThat(approvalRows(old)).isEqualTo(4);

    retention.purge(90, 500);

    assertThat(remaining()).containsExactly("recent-approved");
    assertThat(approvals.approval(old)).isEmpty();
    assertThat(approvalRows(old)).as("links, mails and audit of the deleted approval").isZero();
    assertThat(approvals.approval(recent)).isPresent();
    assertThat(approvalRows(recent)).isEqualTo(4);
  }

  /** Stores an approval of that execution, as dispatch does, with one audited attempt. */
  private UUID approval(String execution) {
    UUID id = UUID.randomUUID();
    Instant created = days(150);
    Instant expires = now.plus(Duration.ofDays(1));
    UUID link = UUID.randomUUID();
    approvals.create(
        new ApprovalRecord(
            id,
            "token-" + id,
            prefix + execution,
            null,
            "Ask",
            "Subject",
            "",
            List.of("Approve"),
            Map.of(),
            List.of("boss@example.com"),
            List.of(),
            false,
            false,
            created,
            expires,
            ApprovalStatus.PENDING,
            null,
            null,
            null,
            null,
            null,
            null,
            ApprovalPolicy.DEFAULT,
            List.of(),
            0,
            0),
        List.of(new LinkRecord(link, id, "boss@example.com", "Approve", expires, null)));
    audits.audit(
        new AuditEntry(
            id,
            link,
            created,
            "link to boss@example.com",
            "127.0.0.1",
            "Approve",
            "CSRF_REFUSED",
            null));
    return id;
  }

  /** The approval's own row plus its links, mails and audit entries. */
  private long approvalRows(UUID id) {
    return db.query(
            "SELECT (SELECT count(*) FROM approval_requests WHERE id = $1)"
                + " + (SELECT count(*) FROM approval_links WHERE approval_id = $1)"
                + " + (SELECT count(*) FROM approval_outbox WHERE approval_id = $1)"
                + " + (SELECT count(*) FROM approval_audit WHERE approval_id = $1)",
            id)
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void skipsARowAnotherTransactionHoldsInsteadOfWaitingForIt() throws Exception {
    insert("held", "SUCCEEDED", days(200), days(100), null);
    insert("free", "ABORTED", days(200), days(100), null);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofVirtual()
            .start(
                () ->
                    db.inTransaction(
                        sql -> {
                          sql.query(
                              "SELECT arn FROM executions WHERE arn = $1 FOR UPDATE",
                              prefix + "held");
                          locked.countDown();
                          await(release);
                          return null;
                        }));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
    long started = System.nanoTime();
    try {
      retention.purge(90, 500);
    } finally {
      release.countDown();
      holder.join();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(remaining()).containsExactly("held");

    retention.purge(90, 500);
    assertThat(remaining()).isEmpty();
  }

  private void insert(String name, String status, Instant start, Instant stop, String parent) {
    String arn = prefix + name;
    db.query(
        "INSERT INTO executions (arn, state_machine_arn, name, type, status, definition_id,"
            + " snapshot, input, start_time, stop_time, event_count, parent_arn)"
            + " VALUES ($1, 'arn:aws:states:us-east-1:123456789012:stateMachine:retention', $2,"
            + " 'STANDARD', $3, $7, '{}', '{}', $4, $5, 2, $6)",
        arn,
        name,
        status,
        start,
        stop,
        parent,
        StoredDefinitions.idOf(db, "{}"));
    for (long id = 1; id <= 2; id++) {
      db.query(
          "INSERT INTO history_events (execution_id, event_id, previous_event_id, type, timestamp)"
              + " SELECT id, $2, $3, 'PassStateEntered', $4 FROM executions WHERE arn = $1",
          arn,
          id,
          id - 1,
          start);
    }
    db.query(
        "INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input, state,"
            + " created_at) VALUES ($1, $2, 'r', 'ACTIVITY', 'REQUEST_RESPONSE', 'T', '{}',"
            + " 'CLOSED', $3)",
        UUID.randomUUID().toString(),
        arn,
        start);
  }

  private java.util.List<String> remaining() {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (var row : db.query("SELECT name FROM executions WHERE starts_with(arn, $1)", prefix)) {
      names.add(row.getString("name"));
    }
    return names;
  }

  private long count(String sql) {
    return db.query(sql, prefix).iterator().next().getLong(0);
  }

  private Instant days(int ago) {
    return now.minus(Duration.ofDays(ago));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
