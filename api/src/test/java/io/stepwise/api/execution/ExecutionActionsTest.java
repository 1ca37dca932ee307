package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionActionsTest {
  static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"got.$\":\"$.x\"},\"End\":true}}}";
  static final String WAIT_ONE_SECOND =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"Done\"},"
          + "\"Done\":{\"Type\":\"Succeed\"}}}";
  static final String WAIT_LONG =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}";
  static final String FAIL =
      "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"Boom\",\"Cause\":\"on purpose\"}}}";

  final SfnClient sfn = Sfn.client();

  @Test
  void passMachineSucceedsWithItsOutputAndFullHistory() {
    String machine = Sfn.createMachine(sfn, PASS);
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machine).name("run1").input("{\"x\":42}"))
            .executionArn();
    assertThat(arn)
        .endsWith(":execution:" + machine.substring(machine.lastIndexOf(':') + 1) + ":run1");
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output()).isEqualTo("{\"got\":42}");
    assertThat(d.input()).isEqualTo("{\"x\":42}");
    assertThat(d.stopDate()).isNotNull();

    List<HistoryEventType> types =
        sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
            .map(HistoryEvent::type)
            .toList();
    assertThat(types)
        .containsExactly(
            HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.PASS_STATE_ENTERED,
            HistoryEventType.PASS_STATE_EXITED,
            HistoryEventType.EXECUTION_SUCCEEDED);
  }

  @Test
  void failStateEndsTheExecutionWithItsErrorAndCause() {
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(Sfn.createMachine(sfn, FAIL))).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("Boom");
    assertThat(d.cause()).isEqualTo("on purpose");
  }

  @Test
  void aCauseTakenFromTheInputMayHoldANulCharacter() {
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"$.e\","
                + "\"CausePath\":\"$.c\"}}}");
    String arn =
        sfn.startExecution(
                b -> b.stateMachineArn(machine).input("{\"e\":\"Boom\",\"c\":\"a\\u0000b\"}"))
            .executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    // PostgreSQL's text cannot hold U+0000: the execution row shows U+FFFD, the history the exact
    // string.
    assertThat(d.cause()).isEqualTo("a\uFFFDb");
    assertThat(
            sfn.getExecutionHistory(b -> b.executionArn(arn))
                .events()
                .getLast()
                .executionFailedEventDetails()
                .cause())
        .isEqualTo("a\u0000b");
  }

  @Test
  void waitStateFiresAfterItsSecondsThroughTheTimerTable() {
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(Sfn.createMachine(sfn, WAIT_ONE_SECOND)))
            .executionArn();
    assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status())
        .isEqualTo(ExecutionStatus.RUNNING);
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Duration.between(d.startDate(), d.stopDate()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn)).events())
        .extracting(HistoryEvent::type)
        .contains(HistoryEventType.WAIT_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
  }

  @Test
  void stopExecutionAbortsAWaitingExecution() {
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(Sfn.createMachine(sfn, WAIT_LONG)))
            .executionArn();
    assertThat(
            sfn.stopExecution(b -> b.executionArn(arn).error("Halt").cause("by test")).stopDate())
        .isNotNull();
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
    assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
    List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
    assertThat(events.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    assertThat(events.getLast().executionAbortedEventDetails().error()).isEqualTo("Halt");
  }

  @Test
  void startingTheSameNameAgainReturnsTheRunningExecutionOrRefusesOtherInput() {
    String machine = Sfn.createMachine(sfn, WAIT_LONG);
    String first =
        sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input("{\"a\":1}"))
            .executionArn();
    String again =
        sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input("{\"a\":1}"))
            .executionArn();
    assertThat(again).isEqualTo(first);
    assertThatThrownBy(
            () ->
                sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input("{\"a\":2}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
    sfn.stopExecution(b -> b.executionArn(first));
    assertThatThrownBy(
            () ->
                sfn.startExecution(b -> b.stateMachineArn(machine).name("same").input("{\"a\":1}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
  }

  @Test
  void refusesBadInputAndUnknownMachinesAndExecutions() {
    String machine = Sfn.createMachine(sfn, PASS);
    assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine).input("{nope")))
        .isInstanceOf(InvalidExecutionInputException.class);
    assertThatThrownBy(
            () ->
                sfn.startExecution(
                    b -> b.stateMachineArn(machine.replace(":stateMachine:", ":stateMachine:zz"))))
        .isInstanceOf(StateMachineDoesNotExistException.class);
    String missing = machine.replace(":stateMachine:", ":execution:") + ":nobody";
    assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(missing)))
        .isInstanceOf(ExecutionDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(missing)))
        .isInstanceOf(ExecutionDoesNotExistException.class);
    assertThatThrownBy(() -> sfn.stopExecution(b -> b.executionArn(missing)))
        .isInstanceOf(ExecutionDoesNotExistException.class);
  }

  @Test
  void listsExecutionsByStatusPageByPage() {
    String machine = Sfn.createMachine(sfn, WAIT_LONG);
    for (int i = 0; i < 3; i++) sfn.startExecution(b -> b.stateMachineArn(machine));
    String stopped = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    sfn.stopExecution(b -> b.executionArn(stopped));

    Set<String> running = new HashSet<>();
    String token = null;
    do {
      String t = token;
      var page =
          sfn.listExecutions(
              b ->
                  b.stateMachineArn(machine)
                      .statusFilter(ExecutionStatus.RUNNING)
                      .maxResults(2)
                      .nextToken(t));
      page.executions().forEach(e -> running.add(e.executionArn()));
      token = page.nextToken();
    } while (token != null);
    assertThat(running).hasSize(3).doesNotContain(stopped);
    assertThat(
            sfn.listExecutions(
                    b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.ABORTED))
                .executions())
        .singleElement()
        .satisfies(e -> assertThat(e.executionArn()).isEqualTo(stopped));
    running.forEach(arn -> sfn.stopExecution(b -> b.executionArn(arn)));
  }

  @Test
  void historyPagesInBothOrdersAndCanLeaveOutData() {
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(Sfn.createMachine(sfn, PASS)).input("{\"x\":1}"))
            .executionArn();
    Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    GetExecutionHistoryResponse first =
        sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(3));
    assertThat(first.events()).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L);
    GetExecutionHistoryResponse rest =
        sfn.getExecutionHistory(
            b -> b.executionArn(arn).maxResults(3).nextToken(first.nextToken()));
    assertThat(rest.events()).extracting(HistoryEvent::id).containsExactly(4L);
    assertThat(rest.nextToken()).isNull();
    GetExecutionHistoryResponse reversed =
        sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true));
    assertThat(reversed.events()).extracting(HistoryEvent::id).containsExactly(4L, 3L, 2L, 1L);
    GetExecutionHistoryResponse noData =
        sfn.getExecutionHistory(b -> b.executionArn(arn).includeExecutionData(false));
    assertThat(noData.events().getFirst().executionStartedEventDetails().input()).isNull();
    assertThat(first.events().getFirst().executionStartedEventDetails().input())
        .isEqualTo("{\"x\":1}");
  }

  @Test
  void describesTheStateMachineAnExecutionRan() {
    String machine = Sfn.createMachine(sfn, PASS);
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    var d = sfn.describeStateMachineForExecution(b -> b.executionArn(arn));
    assertThat(d.stateMachineArn()).isEqualTo(machine);
    assertThat(d.definition()).isEqualTo(PASS);
  }

  @Test
  void expressMachinesRunSynchronouslyInMemory() {
    String machine = Sfn.createMachine(sfn, PASS, StateMachineType.EXPRESS);
    StartSyncExecutionResponse r =
        sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"x\":\"fast\"}"));
    assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo("{\"got\":\"fast\"}");
    assertThat(r.executionArn()).contains(":express:");
    String async = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    assertThat(async).contains(":express:");
  }
}
