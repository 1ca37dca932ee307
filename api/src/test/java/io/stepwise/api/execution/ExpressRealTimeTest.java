package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.activity.ExpressTaskQueue;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Express executions run on the real clock with their tasks served by workers through the same
 * GetActivityTask and SendTask* calls as durable ones, all from the AWS SDK.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ExpressRealTimeTest {
  final SfnClient sfn = Sfn.client();
  @Inject ExpressTaskQueue queue;

  @Test
  void aWaitInAnExpressExecutionWaitsForReal() {
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Pause\",\"States\":{\"Pause\":{\"Type\":\"Wait\",\"Seconds\":1,"
                + "\"End\":true}}}",
            StateMachineType.EXPRESS);
    StartSyncExecutionResponse r =
        sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"a\":1}"));
    assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(Duration.between(r.startDate(), r.stopDate()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(r.output()).isEqualTo("{\"a\":1}");
  }

  @Test
  void aWorkerServesAnExpressTaskWithTheActivityCallsAndItsAnswerIsTheOutput() throws Exception {
    String function = "arn:aws:lambda:us-east-1:123456789012:function:" + Sfn.unique("express-fn");
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + function
                + "\",\"HeartbeatSeconds\":30,\"ResultPath\":\"$.result\",\"End\":true}}}",
            StateMachineType.EXPRESS);
    CompletableFuture<StartSyncExecutionResponse> run =
        CompletableFuture.supplyAsync(
            () -> sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"n\":2}")));
    GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(function));
    assertThat(task.input()).isEqualTo("{\"n\":2}");
    sfn.sendTaskHeartbeat(b -> b.taskToken(task.taskToken()));
    sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"doubled\":4}"));

    StartSyncExecutionResponse r = run.get();
    assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo("{\"n\":2,\"result\":{\"doubled\":4}}");
    // The answered task is gone: a second answer is refused as for durable tasks.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{}")))
        .isInstanceOfAny(
            TaskTimedOutException.class,
            software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
    assertThat(queue.size()).isZero();
  }

  @Test
  void aWorkersFailureIsCaughtByTheExpressDefinition() throws Exception {
    String function =
        "arn:aws:lambda:us-east-1:123456789012:function:" + Sfn.unique("express-fail");
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + function
                + "\",\"Catch\":[{\"ErrorEquals\":[\"Custom.Broken\"],\"ResultPath\":\"$.error\","
                + "\"Next\":\"Handled\"}],\"End\":true},"
                + "\"Handled\":{\"Type\":\"Pass\",\"End\":true}}}",
            StateMachineType.EXPRESS);
    CompletableFuture<StartSyncExecutionResponse> run =
        CompletableFuture.supplyAsync(
            () -> sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{}")));
    GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(function));
    sfn.sendTaskFailure(b -> b.taskToken(task.taskToken()).error("Custom.Broken").cause("disk"));
    StartSyncExecutionResponse r = run.get();
    assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(r.output()).contains("\"Error\":\"Custom.Broken\"").contains("\"Cause\":\"disk\"");
  }

  @Test
  void aStandardParentWaitsForItsExpressChildThroughStartExecutionSync() {
    String child =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Pause\",\"States\":{\"Pause\":{\"Type\":\"Wait\",\"Seconds\":1,"
                + "\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\",\"Result\":{\"child\":\"done\"},"
                + "\"End\":true}}}",
            StateMachineType.EXPRESS);
    String parent =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Child\",\"States\":{\"Child\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::states:startExecution.sync:2\",\"Parameters\":{"
                + "\"StateMachineArn\":\""
                + child
                + "\",\"Input\":{\"x\":1}},\"OutputPath\":\"$.Output\",\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(parent)).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"child\":\"done\"}");
  }
}
