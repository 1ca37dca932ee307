package io.stepwise.api.activity;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ActivityRoundTripTest {
  final SfnClient sfn = Sfn.client();
  @Inject Database db;

  private String machineFor(String activityArn, String extra) {
    return Sfn.createMachine(
        sfn,
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activityArn
            + "\""
            + extra
            + ",\"End\":true}}}");
  }

  @Test
  void timeATaskWaitsForAWorkerIsNoMissedHeartbeat() throws Exception {
    String function = "arn:aws:lambda:us-east-1:123456789012:function:" + Sfn.unique("queued-fn");
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("queued-act"))).activityArn();
    String functionMachine = machineFor(function, ",\"HeartbeatSeconds\":3");
    String activityMachine = machineFor(activity, ",\"HeartbeatSeconds\":3");
    String functionRun = sfn.startExecution(b -> b.stateMachineArn(functionMachine)).executionArn();
    String activityRun = sfn.startExecution(b -> b.stateMachineArn(activityMachine)).executionArn();
    // A function task's heartbeat clock runs from its scheduling and starts again when a worker
    // takes it; an activity's starts only then (ActivityStarted).
    Thread.sleep(2_000);
    GetActivityTaskResponse functionTask = sfn.getActivityTask(b -> b.activityArn(function));
    Thread.sleep(1_600);
    GetActivityTaskResponse activityTask = sfn.getActivityTask(b -> b.activityArn(activity));
    Thread.sleep(400);
    // 4 s after its scheduling, 2 s after it was taken.
    sfn.sendTaskSuccess(b -> b.taskToken(functionTask.taskToken()).output("{\"f\":1}"));
    Thread.sleep(600);
    // 4.6 s after its scheduling, 1 s after it was taken.
    sfn.sendTaskSuccess(b -> b.taskToken(activityTask.taskToken()).output("{\"a\":1}"));
    assertThat(Sfn.awaitEnd(sfn, functionRun, Duration.ofSeconds(10)).output())
        .isEqualTo("{\"f\":1}");
    assertThat(Sfn.awaitEnd(sfn, activityRun, Duration.ofSeconds(10)).output())
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void workerPollsHeartbeatsAndSucceedsAndTheExecutionSucceedsWithFullHistory() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("act"))).activityArn();
    String machine = machineFor(activity, ",\"HeartbeatSeconds\":60");
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"order\":7}")).executionArn();

    GetActivityTaskResponse task =
        sfn.getActivityTask(b -> b.activityArn(activity).workerName("worker-1"));
    assertThat(task.taskToken()).isNotBlank();
    assertThat(task.input()).isEqualTo("{\"order\":7}");
    sfn.sendTaskHeartbeat(b -> b.taskToken(task.taskToken()));
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"shipped\":true}"));

    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"shipped\":true}");
    assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn)).events())
        .extracting(HistoryEvent::type)
        .containsExactly(
            HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.TASK_STATE_ENTERED,
            HistoryEventType.ACTIVITY_SCHEDULED,
            HistoryEventType.ACTIVITY_STARTED,
            HistoryEventType.ACTIVITY_SUCCEEDED,
            HistoryEventType.TASK_STATE_EXITED,
            HistoryEventType.EXECUTION_SUCCEEDED);

    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{}")))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void workerFailureFailsTheExecutionWithTheWorkersError() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("act"))).activityArn();
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machineFor(activity, ""))).executionArn();
    String token = sfn.getActivityTask(b -> b.activityArn(activity)).taskToken();
    sfn.sendTaskFailure(b -> b.taskToken(token).error("Worker.Broke").cause("disk full"));
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("Worker.Broke");
    assertThat(d.cause()).isEqualTo("disk full");
  }

  @Test
  void taskTimeoutFailsTheExecutionWhenNoWorkerAnswers() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("act"))).activityArn();
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machineFor(activity, ",\"TimeoutSeconds\":1")))
            .executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.Timeout");
  }

  @Test
  void waitForTaskTokenIsAnsweredWithTheTokenFromTheTaskInput() {
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Ask\",\"States\":{\"Ask\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":"
                + "{\"QueueUrl\":\"q\",\"MessageBody\":{\"token.$\":\"$$.Task.Token\"}},\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    GetActivityTaskResponse task =
        sfn.getActivityTask(
            b -> b.activityArn("arn:aws:states:::sqs:sendMessage.waitForTaskToken"));
    assertThat(task.input()).contains(task.taskToken());
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"approved\":true}"));
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void activitiesAreCreatedDescribedListedAndDeleted() {
    String name = Sfn.unique("act");
    String arn = sfn.createActivity(b -> b.name(name)).activityArn();
    assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:activity:" + name);
    assertThat(sfn.createActivity(b -> b.name(name)).activityArn()).isEqualTo(arn);
    assertThat(sfn.describeActivity(b -> b.activityArn(arn)).name()).isEqualTo(name);
    assertThat(sfn.listActivities(b -> b.maxResults(1000)).activities())
        .anySatisfy(a -> assertThat(a.activityArn()).isEqualTo(arn));
    sfn.deleteActivity(b -> b.activityArn(arn));
    assertThatThrownBy(() -> sfn.describeActivity(b -> b.activityArn(arn)))
        .isInstanceOf(ActivityDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.getActivityTask(b -> b.activityArn(arn)))
        .isInstanceOf(ActivityDoesNotExistException.class);
  }

  @Test
  void emptyPollReturnsNoTaskAndUnknownTokensAreRefused() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("idle"))).activityArn();
    assertThat(sfn.getActivityTask(b -> b.activityArn(activity)).taskToken()).isNull();
    assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("made-up").output("{}")))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken("made-up")))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void concurrentPollsOfAFunctionEachGetTheirOwnTaskUnderTheirOwnWorkerName() throws Exception {
    concurrentPollsEachGetTheirOwnTask(
        "arn:aws:lambda:us-east-1:123456789012:function:" + Sfn.unique("many-fn"),
        HistoryEventType.LAMBDA_FUNCTION_STARTED);
  }

  @Test
  void concurrentPollsOfAnActivityEachGetTheirOwnTaskAndOneActivityStarted() throws Exception {
    concurrentPollsEachGetTheirOwnTask(
        sfn.createActivity(b -> b.name(Sfn.unique("many-act"))).activityArn(),
        HistoryEventType.ACTIVITY_STARTED);
  }

  /**
   * Polls arriving together are claimed together ({@link GatheredClaims}): still one task each,
   * recorded under each poll's worker name, and one start event per execution.
   */
  private void concurrentPollsEachGetTheirOwnTask(String function, HistoryEventType started)
      throws Exception {
    String machine = machineFor(function, "");
    int n = 12;
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int order = i;
      runs.add(
          sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"order\":" + order + "}"))
              .executionArn());
    }
    Map<String, GetActivityTaskResponse> byWorker = new ConcurrentHashMap<>();
    try (var pollers = Executors.newFixedThreadPool(n)) {
      for (int i = 0; i < n; i++) {
        String worker = "poller-" + i;
        pollers.submit(
            () ->
                byWorker.put(
                    worker, sfn.getActivityTask(b -> b.activityArn(function).workerName(worker))));
      }
    }
    assertThat(byWorker).hasSize(n);
    assertThat(byWorker.values().stream().map(GetActivityTaskResponse::taskToken))
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    assertThat(byWorker.values().stream().map(GetActivityTaskResponse::input))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, n).mapToObj(i -> "{\"order\":" + i + "}").toList());
    for (var claimed : byWorker.entrySet()) {
      assertThat(
              db.query(
                      "SELECT worker_name FROM tasks WHERE token = $1",
                      claimed.getValue().taskToken())
                  .iterator()
                  .next()
                  .getString("worker_name"))
          .as("the worker recorded for the task of %s", claimed.getKey())
          .isEqualTo(claimed.getKey());
      sfn.sendTaskSuccess(
          b -> b.taskToken(claimed.getValue().taskToken()).output(claimed.getValue().input()));
    }
    for (String run : runs) {
      assertThat(Sfn.awaitEnd(sfn, run, Duration.ofSeconds(10)).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(
              sfn.getExecutionHistory(b -> b.executionArn(run)).events().stream()
                  .filter(e -> e.type() == started))
          .hasSize(1);
    }
  }
}
