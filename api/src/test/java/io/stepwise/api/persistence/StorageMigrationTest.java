package io.stepwise.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.Sfn;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The storage migrations (V160: snapshots of closed executions no redrive can reach; V161: history
 * events under the execution's number; V162: one copy of each definition) convert the rows the
 * previous schema's code wrote: the API answers about them as before, and they go on running and
 * redriving.
 */
@QuarkusTest
@WithTestResource(
    value = PreviousSchemaDatabase.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class StorageMigrationTest {
  final SfnClient sfn = Sfn.client();
  @Inject Database db;

  @BeforeEach
  void theMachineAndActivityExist() {
    if (sfn.listActivities(b -> {}).activities().isEmpty()) {
      String activity = sfn.createActivity(b -> b.name("before-v160")).activityArn();
      assertThat(activity).isEqualTo(PreviousSchemaDatabase.ACTIVITY);
      String machine =
          sfn.createStateMachine(
                  b ->
                      b.name("before-v160")
                          .definition(PreviousSchemaDatabase.DEFINITION)
                          .roleArn(Sfn.ROLE))
              .stateMachineArn();
      assertThat(machine).isEqualTo(PreviousSchemaDatabase.MACHINE);
    }
  }

  @Test
  void historiesWrittenUnderTheArnAreReadUnderTheNumberEventForEvent() {
    for (String name : PreviousSchemaDatabase.HISTORIES.keySet()) {
      List<io.stepwise.engine.history.HistoryEvent> stored =
          PreviousSchemaDatabase.HISTORIES.get(name);
      // The running and the redriven executions may have gone on (another test): what was
      // stored comes first.
      List<HistoryEvent> read =
          sfn.getExecutionHistory(b -> b.executionArn(arn(name)).maxResults(1000)).events();
      assertThat(read.size()).as(name).isGreaterThanOrEqualTo(stored.size());
      for (int i = 0; i < stored.size(); i++) {
        assertThat(read.get(i).id()).isEqualTo(stored.get(i).id());
        assertThat(read.get(i).previousEventId()).isEqualTo(stored.get(i).previousEventId());
        assertThat(read.get(i).typeAsString()).isEqualTo(stored.get(i).type().awsName());
        assertThat(read.get(i).timestamp()).isEqualTo(stored.get(i).timestamp());
      }
    }
    int ended = PreviousSchemaDatabase.HISTORIES.get("succeeded").size();
    assertThat(
            sfn.getExecutionHistory(
                    b -> b.executionArn(arn("succeeded")).reverseOrder(true).maxResults(2))
                .events())
        .extracting(HistoryEvent::id)
        .containsExactly((long) ended, ended - 1L);
    HistoryEvent started =
        sfn.getExecutionHistory(b -> b.executionArn(arn("succeeded"))).events().get(0);
    assertThat(started.executionStartedEventDetails().input()).isEqualTo("{\"n\":7}");
  }

  @Test
  void closedExecutionsKeepTheirSnapshotOnlyWhileRedriveMayUseIt() {
    assertThat(snapshot("succeeded")).isNull();
    assertThat(snapshot("failed-20-days-ago")).isNull();
    assertThat(snapshot("failed-yesterday")).isNotNull();
    assertThat(snapshot("running")).isNotNull();

    DescribeExecutionResponse succeeded =
        sfn.describeExecution(b -> b.executionArn(arn("succeeded")));
    assertThat(succeeded.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(succeeded.output()).isEqualTo("{\"done\":true}");
    assertThat(
            sfn.describeStateMachineForExecution(b -> b.executionArn(arn("succeeded")))
                .definition())
        .isEqualTo(PreviousSchemaDatabase.DEFINITION);
    assertThat(db.query("SELECT count(*) FROM definitions").iterator().next().getLong(0))
        .as("the four executions' copies of one definition, kept once")
        .isEqualTo(1);
    DescribeExecutionResponse old =
        sfn.describeExecution(b -> b.executionArn(arn("failed-20-days-ago")));
    assertThat(old.error()).isEqualTo("Boom");
    assertThat(old.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
    assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(arn("failed-20-days-ago"))))
        .isInstanceOf(ExecutionNotRedrivableException.class);
  }

  @Test
  void aFailedExecutionOfTheOldSchemaIsRedrivenAndARunningOneGoesOn() {
    sfn.redriveExecution(b -> b.executionArn(arn("failed-yesterday")));
    answerTheActivity();
    answerTheActivity();

    for (String name : List.of("failed-yesterday", "running")) {
      DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn(name), Duration.ofSeconds(10));
      assertThat(d.status()).as(name).isEqualTo(ExecutionStatus.SUCCEEDED);
      List<HistoryEvent> events =
          sfn.getExecutionHistory(b -> b.executionArn(arn(name)).maxResults(1000)).events();
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).id()).as(name).isEqualTo(i + 1L);
      }
      assertThat(events.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
      assertThat(snapshot(name)).as(name + " ended SUCCEEDED").isNull();
    }
    assertThat(
            sfn.getExecutionHistory(b -> b.executionArn(arn("failed-yesterday"))).events().stream()
                .map(HistoryEvent::type))
        .contains(HistoryEventType.EXECUTION_REDRIVEN);
  }

  private void answerTheActivity() {
    GetActivityTaskResponse task =
        sfn.getActivityTask(b -> b.activityArn(PreviousSchemaDatabase.ACTIVITY));
    assertThat(task.taskToken()).isNotNull();
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"done\":true}"));
  }

  private static String arn(String name) {
    return PreviousSchemaDatabase.MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  private String snapshot(String name) {
    return db.query("SELECT snapshot FROM executions WHERE arn = $1", arn(name))
        .iterator()
        .next()
        .getString("snapshot");
  }
}
