package io.stepwise.api.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.authorization.store.ResourceTeamTable;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Resource teams through their entity on the real database: what one node records, another loads; a
 * new resource of a deleted one's ARN takes its row over; writers of one ARN at once all succeed.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ResourceTeamsStoreTest {
  @Inject ResourceTeams teams;
  @Inject ResourceTeamTable table;
  final String arn =
      "arn:aws:states:us-east-1:123456789012:stateMachine:teams-" + UUID.randomUUID();

  @Test
  void whatAnotherNodeRecordedIsLoadedAndAForgottenResourceIsGone() {
    table.put(arn, "blue", "alice");
    assertThat(teams.of(arn)).isEmpty();
    teams.reloadNow();
    assertThat(teams.of(arn)).contains("blue");
    assertThat(teams.ownedBy(Set.of("blue"))).contains(arn);

    teams.forget(arn);
    assertThat(teams.of(arn)).isEmpty();
    teams.reloadNow();
    assertThat(teams.of(arn)).isEmpty();
    assertThat(table.all()).doesNotContainKey(arn);
  }

  @Test
  void aNewResourceOfADeletedOnesArnTakesItsRowOver() {
    table.put(arn, "blue", "alice");
    teams.assign(arn, "red", "bob");
    assertThat(table.all()).containsEntry(arn, "red");
    teams.reloadNow();
    assertThat(teams.of(arn)).contains("red");
  }

  @Test
  void writersOfOneArnAtOnceAllSucceed() throws Exception {
    List<Callable<Void>> puts = new ArrayList<>();
    for (String team : List.of("a", "b", "c", "d")) {
      puts.add(
          () -> {
            table.put(arn, team, "carol");
            return null;
          });
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (Future<Void> done : threads.invokeAll(puts)) done.get();
    } finally {
      threads.shutdown();
    }
    assertThat(table.all().get(arn)).isIn("a", "b", "c", "d");
    table.delete(arn);
  }
}
