package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.Database;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Entries recorded while a write is in flight go with the next batch: none is lost or doubled. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class AuditLogTest {
  @Inject AuditLog audit;
  @Inject Database db;

  @Test
  void entriesRecordedFromManyThreadsAreAllWrittenOnceInTheirOrderPerThread() throws Exception {
    String actor = "audit-" + UUID.randomUUID();
    Caller caller = new Caller(actor, Caller.Kind.ACCESS_KEY, Set.of(), Set.of(), "127.0.0.1");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String thread = "t" + t;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 250; i++) {
                      audit.record(caller, "TestAction", thread, "ok", Integer.toString(i));
                    }
                  }));
    }
    for (Thread t : threads) t.join();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int written = 0;
    while (System.nanoTime() < deadline && (written = count(actor)) < 1000) Thread.sleep(50);
    assertThat(written).isEqualTo(1000);
    assertThat(
            db.query(
                    "SELECT count(DISTINCT (resource, detail)) AS c FROM audit_log WHERE actor ="
                        + " $1",
                    actor + " (access_key)")
                .iterator()
                .next()
                .getLong("c"))
        .isEqualTo(1000);
    // One thread's entries keep their order (ids ascend with the detail's counter).
    List<Integer> details = new ArrayList<>();
    for (var row :
        db.query(
            "SELECT detail FROM audit_log WHERE actor = $1 AND resource = 't0' ORDER BY id",
            actor + " (access_key)")) {
      details.add(Integer.parseInt(row.getString("detail")));
    }
    assertThat(details).isSorted().hasSize(250);
  }

  private int count(String actor) {
    return db.query("SELECT count(*) AS c FROM audit_log WHERE actor = $1", actor + " (access_key)")
        .iterator()
        .next()
        .getInteger("c");
  }
}
