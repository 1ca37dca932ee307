package io.stepwise.api.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.authentication.store.SignOutTable;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sign-outs through their entity on the real database: a user's latest sign-out is kept whatever
 * order the nodes record them in, and nodes recording a user's first sign-out at once all succeed.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SignOutTableTest {
  @Inject SignOutTable table;
  final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @Test
  void theLatestSignOutIsKeptWhateverTheOrder() {
    String user = "user-" + UUID.randomUUID();
    table.record(user, now.plusSeconds(10));
    table.record(user, now);
    assertThat(table.all()).containsEntry(user, now.plusSeconds(10));
    table.record(user, now.plusSeconds(20));
    assertThat(table.all()).containsEntry(user, now.plusSeconds(20));
  }

  @Test
  void nodesRecordingAFirstSignOutAtOnceAllSucceed() throws Exception {
    String user = "user-" + UUID.randomUUID();
    List<Callable<Void>> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Instant at = now.plusSeconds(i);
      records.add(
          () -> {
            table.record(user, at);
            return null;
          });
    }
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      for (Future<Void> done : threads.invokeAll(records)) done.get();
    } finally {
      threads.shutdown();
    }
    assertThat(table.all()).containsEntry(user, now.plusSeconds(5));
  }
}
