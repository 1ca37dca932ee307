package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * A closed execution keeps its snapshot only while RedriveExecution may use it (issue 19's
 * storage): SUCCEEDED executions and a Map Run's children store none once closed, FAILED ones keep
 * theirs for redrive, and every answer about them stays what it was.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class StoredSnapshotsTest {
  final SfnClient sfn = Sfn.client();
  @Inject Database db;

  @Test
  void aSucceededExecutionStoresNoSnapshotAndIsDescribedAsBefore() {
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":1},"
                + "\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));

    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"ok\":1}");
    assertThat(storedSnapshot(arn)).isNull();
    assertThat(types(arn))
        .containsExactly(
            HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.PASS_STATE_ENTERED,
            HistoryEventType.PASS_STATE_EXITED,
            HistoryEventType.EXECUTION_SUCCEEDED);
    assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(arn)))
        .isInstanceOf(ExecutionNotRedrivableException.class)
        .hasMessageContaining("Execution is SUCCEEDED and cannot be redriven");
  }

  @Test
  void aFailedExecutionKeepsItsSnapshotAndIsRedrivenFromIt() {
    String machine =
        Sfn.createMachine(
            sfn, "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"Boom\"}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10)).status())
        .isEqualTo(ExecutionStatus.FAILED);
    assertThat(storedSnapshot(arn)).contains("\"FAILED\"");

    sfn.redriveExecution(b -> b.executionArn(arn));

    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.redriveCount()).isEqualTo(1);
    assertThat(types(arn)).contains(HistoryEventType.EXECUTION_REDRIVEN);
  }

  @Test
  void aLateAnswerToAnExecutionThatEndedIsRefusedAsBefore() throws Exception {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("late"))).activityArn();
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"TimeoutSeconds\":1,\"Catch\":[{\"ErrorEquals\":[\"States.Timeout\"],"
                + "\"Next\":\"Done\"}],\"End\":true},\"Done\":{\"Type\":\"Succeed\"}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    String token = sfn.getActivityTask(b -> b.activityArn(activity)).taskToken();
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(20)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(storedSnapshot(arn)).isNull();

    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
        .isInstanceOf(TaskTimedOutException.class);
    assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void aMapRunsChildrenStoreNoSnapshotOnceClosedWhateverTheirStatus() {
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ToleratedFailureCount\":5,"
                + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"C\",\"States\":{\"C\":"
                + "{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$\",\"NumericEquals\":2,"
                + "\"Next\":\"F\"}],\"Default\":\"P\"},\"P\":{\"Type\":\"Pass\",\"End\":true},"
                + "\"F\":{\"Type\":\"Fail\",\"Error\":\"Two\"}}},\"End\":true}}}");
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machine).input("[1,2,3]")).executionArn();
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    List<String> children = new ArrayList<>();
    for (var row :
        db.query(
            "SELECT status, snapshot FROM executions WHERE parent_arn = $1"
                + " AND map_run_arn IS NOT NULL ORDER BY status",
            arn)) {
      children.add(row.getString("status") + " " + row.getString("snapshot"));
    }
    assertThat(children).containsExactly("FAILED null", "SUCCEEDED null", "SUCCEEDED null");
  }

  private String storedSnapshot(String arn) {
    return db.query("SELECT snapshot FROM executions WHERE arn = $1", arn)
        .iterator()
        .next()
        .getString("snapshot");
  }

  private List<HistoryEventType> types(String arn) {
    return sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events().stream()
        .map(HistoryEvent::type)
        .toList();
  }
}
