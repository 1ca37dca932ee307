package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Executions keep their definition once per text (V162): executions started at once of a definition
 * nobody ran yet share one copy, and an execution keeps running the definition it started with
 * after its machine is updated.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class DefinitionCopiesTest {
  final SfnClient sfn = Sfn.client();
  @Inject Database db;

  @Test
  void executionsStartedAtOnceOfANewDefinitionAllStartAndShareOneCopy() throws Exception {
    String definition =
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\""
            + UUID.randomUUID()
            + "\",\"End\":true}}}";
    String machine = Sfn.createMachine(sfn, definition);
    List<Future<String>> starts = new ArrayList<>();
    try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 16; i++) {
        starts.add(
            clients.submit(
                () -> sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn()));
      }
    }
    for (Future<String> start : starts) {
      String arn = start.get();
      assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(20)).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(arn)).definition())
          .isEqualTo(definition);
    }
    assertThat(count("SELECT count(*) FROM definitions WHERE body = $1", definition)).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(DISTINCT definition_id) FROM executions WHERE state_machine_arn = $1",
                machine))
        .isEqualTo(1);
  }

  @Test
  void anExecutionRunsTheDefinitionItStartedWithAfterItsMachineIsUpdated() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("copies"))).activityArn();
    String before =
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
            + activity
            + "\",\"Next\":\"Old\"},\"Old\":{\"Type\":\"Pass\",\"Result\":\"old\",\"End\":true}}}";
    String after =
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
            + activity
            + "\",\"Next\":\"New\"},\"New\":{\"Type\":\"Pass\",\"Result\":\"new\",\"End\":true}}}";
    String machine = Sfn.createMachine(sfn, before);
    String first = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(after));
    String second = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();

    for (int i = 0; i < 2; i++) {
      String token = sfn.getActivityTask(b -> b.activityArn(activity)).taskToken();
      sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
    }

    assertThat(Sfn.awaitEnd(sfn, first, Duration.ofSeconds(10)).output()).isEqualTo("\"old\"");
    assertThat(Sfn.awaitEnd(sfn, second, Duration.ofSeconds(10)).output()).isEqualTo("\"new\"");
    assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(first)).definition())
        .isEqualTo(before);
    assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(second)).definition())
        .isEqualTo(after);
  }

  private long count(String sql, Object param) {
    return db.query(sql, param).iterator().next().getLong(0);
  }
}
