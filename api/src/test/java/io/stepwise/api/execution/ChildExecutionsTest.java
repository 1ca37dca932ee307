package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ChildExecutionsTest {
  final SfnClient sfn = Sfn.client();

  @Test
  void distributedMapRunsDurableChildrenReadsItemsWritesResultsAndKeepsAMapRunRecord()
      throws Exception {
    Path bucket = Path.of("target/objects/bucket");
    Files.createDirectories(bucket);
    Files.writeString(bucket.resolve("items.json"), "[{\"n\":1},{\"n\":2},{\"n\":3}]");
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":2,"
                + "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"JSON\"},"
                + "\"Parameters\":{\"Bucket\":\"bucket\",\"Key\":\"items.json\"}},"
                + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"Twice\",\"States\":{\"Twice\":"
                + "{\"Type\":\"Pass\",\"Parameters\":{\"twice.$\":\"States.MathAdd($.n,$.n)\"},"
                + "\"End\":true}}},"
                + "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
                + "\"Parameters\":{\"Bucket\":\"bucket\",\"Prefix\":\"out\"}},\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).contains("MapRunArn").contains("ResultWriterDetails");

    MapRunListItem run = sfn.listMapRuns(b -> b.executionArn(arn)).mapRuns().getFirst();
    DescribeMapRunResponse described = sfn.describeMapRun(b -> b.mapRunArn(run.mapRunArn()));
    assertThat(described.statusAsString()).isEqualTo("SUCCEEDED");
    assertThat(described.executionCounts().succeeded()).isEqualTo(3);
    assertThat(described.executionCounts().total()).isEqualTo(3);
    sfn.updateMapRun(b -> b.mapRunArn(run.mapRunArn()).maxConcurrency(5));
    assertThat(sfn.describeMapRun(b -> b.mapRunArn(run.mapRunArn())).maxConcurrency()).isEqualTo(5);

    var children = sfn.listExecutions(b -> b.mapRunArn(run.mapRunArn())).executions();
    assertThat(children).hasSize(3);
    String child = children.getFirst().executionArn();
    assertThat(sfn.describeExecution(b -> b.executionArn(child)).mapRunArn())
        .isEqualTo(run.mapRunArn());
    assertThat(sfn.getExecutionHistory(b -> b.executionArn(child)).events())
        .extracting(HistoryEvent::type)
        .contains(HistoryEventType.EXECUTION_SUCCEEDED);
    String manifest =
        Files.readString(
            bucket
                .resolve("out")
                .resolve(run.mapRunArn().substring(run.mapRunArn().lastIndexOf(':') + 1))
                .resolve("SUCCEEDED_0.json"));
    assertThat(manifest).contains("twice");
  }

  @Test
  void updateMapRunRaisesTheConcurrencyOfTheRunningMap() throws Exception {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("map-child"))).activityArn();
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":1,"
                + "\"ToleratedFailureCount\":1,\"ItemProcessor\":{\"ProcessorConfig\":{"
                + "\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\","
                + "\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"End\":true}}},\"End\":true}}}");
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machine).input("[1,2,3]")).executionArn();
    String mapRun = awaitMapRun(arn);
    assertThat(sfn.describeMapRun(b -> b.mapRunArn(mapRun)).maxConcurrency()).isEqualTo(1);
    assertThat(sfn.describeMapRun(b -> b.mapRunArn(mapRun)).toleratedFailureCount()).isEqualTo(1);
    Thread.sleep(300);
    assertThat(sfn.listExecutions(b -> b.mapRunArn(mapRun)).executions()).hasSize(1);

    sfn.updateMapRun(b -> b.mapRunArn(mapRun).maxConcurrency(3));

    for (int i = 0;
        i < 200 && sfn.listExecutions(b -> b.mapRunArn(mapRun)).executions().size() < 3;
        i++) {
      Thread.sleep(50);
    }
    assertThat(sfn.listExecutions(b -> b.mapRunArn(mapRun)).executions()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity));
      sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{}"));
    }
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  private String awaitMapRun(String executionArn) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      var runs = sfn.listMapRuns(b -> b.executionArn(executionArn)).mapRuns();
      if (!runs.isEmpty()) return runs.getFirst().mapRunArn();
      Thread.sleep(50);
    }
    throw new AssertionError("no Map Run started for " + executionArn);
  }

  @Test
  void aMissingItemsFileFailsTheMapWithItemReaderFailed() {
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\","
                + "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\","
                + "\"ReaderConfig\":{\"InputType\":\"JSON\"},"
                + "\"Parameters\":{\"Bucket\":\"bucket\",\"Key\":\"absent.json\"}},"
                + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":"
                + "{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(20));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.ItemReaderFailed");
  }

  @Test
  void startExecutionSync2WaitsForTheNestedExecutionAndLinksIt() {
    String inner =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":"
                + "{\"got.$\":\"$.x\"},\"End\":true}}}");
    String outer =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::states:startExecution.sync:2\",\"Parameters\":"
                + "{\"StateMachineArn\":\""
                + inner
                + "\",\"Input\":{\"x\":42}},\"OutputPath\":\"$.Output\",\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(outer)).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(20));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"got\":42}");
  }

  @Test
  void aFailedExecutionIsRedrivenFromItsFailedState() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("redrive"))).activityArn();
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"First\",\"States\":{\"First\":{\"Type\":\"Pass\",\"Result\":{\"a\":1},"
                + "\"Next\":\"Work\"},\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(arn)))
        .isInstanceOf(ExecutionNotRedrivableException.class);
    GetActivityTaskResponse first = sfn.getActivityTask(b -> b.activityArn(activity));
    sfn.sendTaskFailure(b -> b.taskToken(first.taskToken()).error("Boom").cause("first try"));
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10)).status())
        .isEqualTo(ExecutionStatus.FAILED);

    sfn.redriveExecution(b -> b.executionArn(arn));
    GetActivityTaskResponse second = sfn.getActivityTask(b -> b.activityArn(activity));
    assertThat(second.input()).isEqualTo("{\"a\":1}");
    sfn.sendTaskSuccess(b -> b.taskToken(second.taskToken()).output("{\"done\":true}"));
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.redriveCount()).isEqualTo(1);
    var events = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events();
    assertThat(events).extracting(HistoryEvent::type).contains(HistoryEventType.EXECUTION_REDRIVEN);
    for (int i = 0; i < events.size(); i++) assertThat(events.get(i).id()).isEqualTo(i + 1L);
  }

  @Test
  void aTestCaseSuffixAnswersTasksFromTheMockConfiguration() {
    String name = "mocked";
    String definition =
        "{\"StartAt\":\"Charge\",\"States\":{\"Charge\":{\"Type\":\"Task\",\"Resource\":"
            + "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"charge\"},"
            + "\"Catch\":[{\"ErrorEquals\":[\"Card.Declined\"],\"Next\":\"Declined\"}],"
            + "\"End\":true},\"Declined\":{\"Type\":\"Fail\",\"Error\":\"Declined\"}}}";
    String machine;
    try {
      machine =
          sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(Sfn.ROLE))
              .stateMachineArn();
    } catch (RuntimeException e) {
      machine = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
    }
    String m = machine;
    String happy = sfn.startExecution(b -> b.stateMachineArn(m + "#HappyPath")).executionArn();
    String declined = sfn.startExecution(b -> b.stateMachineArn(m + "#Declined")).executionArn();
    DescribeExecutionResponse ok = Sfn.awaitEnd(sfn, happy, Duration.ofSeconds(10));
    assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(ok.output()).isEqualTo("{\"charged\":true}");
    assertThat(Sfn.awaitEnd(sfn, declined, Duration.ofSeconds(10)).error()).isEqualTo("Declined");
    assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(m + "#NoSuchCase")))
        .isInstanceOf(ValidationException.class);
  }
}
