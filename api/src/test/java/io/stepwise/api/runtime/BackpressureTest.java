package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * While the node cannot advance what it has, the calls that add work are answered
 * ThrottlingException (which the SDKs retry) instead of being accepted to run late; reads, and
 * heartbeats, which keep running tasks alive, are not.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class BackpressureTest {
  /** The SDK without its retries, so a throttle shows as what the server answered. */
  final SfnClient sfn = Sfn.clientWithoutRetries();

  @Inject NodeLoad load;

  private static void throttled(Executable call) {
    assertThatThrownBy(call::execute)
        .isInstanceOfSatisfying(
            SfnException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
              assertThat(e.statusCode()).isEqualTo(400);
            });
  }

  private String taskMachine(String resource) {
    return Sfn.createMachine(
        sfn,
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
            + resource
            + "\",\"End\":true}}}");
  }

  @Test
  void whileDueTimersAreLateStartsAndAnswersAreThrottledButReadsAndHeartbeatsAreNot() {
    String fn = "arn:aws:lambda:us-east-1:123456789012:function:" + Sfn.unique("pressure");
    String machine = taskMachine(fn);
    String express =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}",
            StateMachineType.EXPRESS);
    String run = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    String token = sfn.getActivityTask(b -> b.activityArn(fn)).taskToken();

    Object lateLoop = new Object();
    load.firing(lateLoop, Instant.now().minus(Duration.ofMinutes(5)));
    try {
      assertThat(load.overloaded()).hasValueSatisfying(r -> assertThat(r).contains("late"));
      throttled(() -> sfn.startExecution(b -> b.stateMachineArn(machine)));
      throttled(() -> sfn.startSyncExecution(b -> b.stateMachineArn(express)));
      throttled(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")));
      throttled(() -> sfn.sendTaskFailure(b -> b.taskToken(token).error("E")));
      sfn.sendTaskHeartbeat(b -> b.taskToken(token));
      assertThat(sfn.describeExecution(b -> b.executionArn(run)).status())
          .isEqualTo(ExecutionStatus.RUNNING);
    } finally {
      load.fired(lateLoop);
    }

    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"done\":true}"));
    assertThat(Sfn.awaitEnd(sfn, run, Duration.ofSeconds(10)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    sfn.startExecution(b -> b.stateMachineArn(machine));
  }

  @Test
  void aGrowingStepQueueThrottlesStarts() {
    String machine =
        Sfn.createMachine(
            sfn, "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
    int queued = 100_000;
    load.stepsQueued(queued);
    try {
      assertThat(load.overloaded()).hasValueSatisfying(r -> assertThat(r).contains("steps wait"));
      throttled(() -> sfn.startExecution(b -> b.stateMachineArn(machine)));
    } finally {
      load.stepsQueued(-queued);
    }
    sfn.startExecution(b -> b.stateMachineArn(machine));
  }
}
