package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.cluster.Cluster.Node;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * An Express execution runs in the memory of the server that started it, but a worker polling
 * another server takes its task and answers through that other server: the task waits in PostgreSQL
 * and the answer reaches the owner by NOTIFY.
 */
class ExpressAcrossServersIT {
  private static final String FUNCTION =
      "arn:aws:lambda:us-east-1:123456789012:function:express-across";

  @Test
  void aWorkerOnAnotherServerServesAndAnswersAnExpressTask() throws Exception {
    Cluster.requireServerJar();
    try (Cluster cluster = new Cluster("express-across")) {
      cluster.startPostgres(false);
      int db = cluster.postgresPort();
      Node owner = cluster.startServer("server-a", db, "-Xmx384m");
      cluster.awaitReady(owner, Duration.ofSeconds(180)); // migrates the schema first
      Node other = cluster.startServer("server-b", db, "-Xmx384m");
      cluster.awaitReady(other, Duration.ofSeconds(180));
      try (SfnClient a = Cluster.client(owner.endpoint(), 1);
          SfnClient b = Cluster.client(other.endpoint(), 1)) {
        String machine =
            a.createStateMachine(
                    r ->
                        r.name("express-across")
                            .type(StateMachineType.EXPRESS)
                            .roleArn(Cluster.ROLE)
                            .definition(
                                "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\","
                                    + "\"Resource\":\""
                                    + FUNCTION
                                    + "\",\"HeartbeatSeconds\":60,\"ResultPath\":\"$.result\","
                                    + "\"Catch\":[{\"ErrorEquals\":[\"Custom.Broken\"],"
                                    + "\"ResultPath\":\"$.error\",\"Next\":\"Handled\"}],"
                                    + "\"End\":true},\"Handled\":{\"Type\":\"Pass\","
                                    + "\"End\":true}}}"))
                .stateMachineArn();

        // Success, with a heartbeat first, both through the other server.
        CompletableFuture<StartSyncExecutionResponse> first =
            CompletableFuture.supplyAsync(
                () -> a.startSyncExecution(r -> r.stateMachineArn(machine).input("{\"n\":1}")));
        GetActivityTaskResponse task = b.getActivityTask(r -> r.activityArn(FUNCTION));
        assertThat(task.input()).isEqualTo("{\"n\":1}");
        b.sendTaskHeartbeat(r -> r.taskToken(task.taskToken()));
        b.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"done\":true}"));
        StartSyncExecutionResponse done = first.get(60, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"n\":1,\"result\":{\"done\":true}}");
        // The task is closed everywhere: a second answer through the owner is refused.
        assertThatThrownBy(() -> a.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{}")))
            .isInstanceOf(software.amazon.awssdk.services.sfn.model.SfnException.class);

        // A failure through the other server reaches the owner's Catch.
        CompletableFuture<StartSyncExecutionResponse> second =
            CompletableFuture.supplyAsync(
                () -> a.startSyncExecution(r -> r.stateMachineArn(machine).input("{\"n\":2}")));
        GetActivityTaskResponse failing = b.getActivityTask(r -> r.activityArn(FUNCTION));
        b.sendTaskFailure(
            r -> r.taskToken(failing.taskToken()).error("Custom.Broken").cause("disk full"));
        StartSyncExecutionResponse handled = second.get(60, TimeUnit.SECONDS);
        assertThat(handled.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(handled.output())
            .contains("\"Error\":\"Custom.Broken\"")
            .contains("\"Cause\":\"disk full\"");
      }
      cluster.passed();
    }
  }

  /**
   * A Standard parent waits ({@code .sync}) for an Express child, which lives in one server's
   * memory only. That server is killed while the child runs; another server's recovery sweep starts
   * the child again once the parent's task lease (the Express maximum plus a margin) runs out, and
   * the parent succeeds.
   */
  @Test
  void anExpressChildLostWithItsServerIsStartedAgainAndItsParentGoesOn() throws Exception {
    Cluster.requireServerJar();
    try (Cluster cluster = new Cluster("express-child")) {
      cluster.startPostgres(false);
      int db = cluster.postgresPort();
      String[] options = {"-Xmx384m", "-Dstepwise.express.max-duration=PT4S"};
      Node doomed = cluster.startServer("server-a", db, options);
      cluster.awaitReady(doomed, Duration.ofSeconds(180));
      Node survivor = cluster.startServer("server-b", db, options);
      cluster.awaitReady(survivor, Duration.ofSeconds(180));
      try (SfnClient a = Cluster.client(doomed.endpoint(), 1);
          SfnClient b = Cluster.client(survivor.endpoint(), 1)) {
        String child =
            a.createStateMachine(
                    r ->
                        r.name("express-child")
                            .type(StateMachineType.EXPRESS)
                            .roleArn(Cluster.ROLE)
                            .definition(
                                "{\"StartAt\":\"Pause\",\"States\":{\"Pause\":{\"Type\":\"Wait\","
                                    + "\"Seconds\":2,\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\","
                                    + "\"Result\":{\"child\":\"done\"},\"End\":true}}}"))
                .stateMachineArn();
        String parent =
            a.createStateMachine(
                    r ->
                        r.name("standard-parent")
                            .roleArn(Cluster.ROLE)
                            .definition(
                                "{\"StartAt\":\"Child\",\"States\":{\"Child\":{\"Type\":\"Task\","
                                    + "\"Resource\":\"arn:aws:states:::states:startExecution.sync:2\","
                                    + "\"Parameters\":{\"StateMachineArn\":\""
                                    + child
                                    + "\"},\"OutputPath\":\"$.Output\",\"End\":true}}}"))
                .stateMachineArn();
        String run = a.startExecution(r -> r.stateMachineArn(parent)).executionArn();
        Thread.sleep(700); // the child is in its Wait, in server-a's memory
        doomed.kill();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        var described = b.describeExecution(r -> r.executionArn(run));
        while (described.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline) {
          Thread.sleep(250);
          described = b.describeExecution(r -> r.executionArn(run));
        }
        assertThat(described.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(described.output()).isEqualTo("{\"child\":\"done\"}");
      }
      cluster.passed();
    }
  }
}
