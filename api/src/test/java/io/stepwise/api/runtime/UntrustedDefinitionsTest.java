package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.port.EvaluationBudget;
import io.stepwise.engine.port.TaskTokens;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

/**
 * Definitions are code an editor wrote and the server runs (issue 16): the attacks that reached the
 * server through a definition, each against the running server and its PostgreSQL.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class UntrustedDefinitionsTest {
  /** A JSONata recursion without end: a StackOverflowError in the timer thread before. */
  static final String RECURSION_BOMB =
      "($f := function($n){ $n = -1 ? 0 : 1 + $f($n + 1) }; $f(0))";

  final SfnClient sfn = Sfn.client();
  @Inject EnginePorts ports;

  private String start(String definition) {
    String machine = Sfn.createMachine(sfn, definition);
    return sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
  }

  @Test
  void aRecursionBombInATimersStepFailsItsExecutionAndLaterWaitsStillFire() {
    // The Wait makes the timer thread run the bomb's step, as in the report.
    String bomb =
        start(
            """
            {"QueryLanguage":"JSONata","StartAt":"Wait","States":{
              "Wait":{"Type":"Wait","Seconds":1,"Next":"Bomb"},
              "Bomb":{"Type":"Pass","Output":"{% BOMB %}","End":true}}}"""
                .replace("BOMB", RECURSION_BOMB));
    DescribeExecutionResponse bombed = Sfn.awaitEnd(sfn, bomb, Duration.ofSeconds(30));
    String waiter =
        start(
            """
            {"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":1,"End":true}}}""");

    DescribeExecutionResponse waited = Sfn.awaitEnd(sfn, waiter, Duration.ofSeconds(30));

    assertThat(bombed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(bombed.error()).isEqualTo("States.QueryEvaluationError");
    assertThat(bombed.cause())
        .startsWith("An error occurred while executing the state 'Bomb'")
        .contains("stepwise.limits.expression-depth");
    assertThat(waited.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void testStateOfARecursionBombAnswersWithTheStatesErrorNotA500() {
    TestStateResponse r =
        sfn.testState(
            b ->
                b.definition(
                        """
                        {"Type":"Pass","QueryLanguage":"JSONata","Output":"{% BOMB %}","End":true}"""
                            .replace("BOMB", RECURSION_BOMB))
                    .roleArn(Sfn.ROLE));

    assertThat(r.status()).isEqualTo(TestExecutionStatus.FAILED);
    assertThat(r.error()).isEqualTo("States.QueryEvaluationError");
  }

  /** Counts to 20,000 in JSONata: four events a round, 80,000 events without AWS's limit. */
  static final String LOOP =
      """
      {"QueryLanguage":"JSONata","StartAt":"Count","States":{
        "Count":{"Type":"Pass","Output":{"n":"{% $states.input.n + 1 %}"},"Next":"Again"},
        "Again":{"Type":"Choice","Default":"Done",
          "Choices":[{"Condition":"{% $states.input.n < 20000 %}","Next":"Count"}]},
        "Done":{"Type":"Succeed"}}}""";

  private static final String LIMIT_CAUSE =
      "The execution reached the maximum number of history events (25000).";

  @Test
  void aStandardLoopEndsAtAwsHistoryLimit() {
    String machine = Sfn.createMachine(sfn, LOOP);
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"n\":0}")).executionArn();

    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(60));
    HistoryEvent last =
        sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(1))
            .events()
            .getFirst();

    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.Runtime");
    assertThat(d.cause()).isEqualTo(LIMIT_CAUSE);
    assertThat(last.id()).isEqualTo(25_000L);
    assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
  }

  @Test
  void anExpressLoopEndsAtTheSameLimit() {
    String machine = Sfn.createMachine(sfn, LOOP, StateMachineType.EXPRESS);

    StartSyncExecutionResponse r =
        sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"n\":0}"));

    assertThat(r.status()).isEqualTo(SyncExecutionStatus.FAILED);
    assertThat(r.cause()).isEqualTo(LIMIT_CAUSE);
  }

  @Test
  void testStateOfAMapOverManyItemsEndsAtTheLimit() {
    StringBuilder items = new StringBuilder("[0");
    for (int i = 1; i < 7000; i++) items.append(',').append(i);
    String input = items.append(']').toString();

    TestStateResponse r =
        sfn.testState(
            b ->
                b.definition(
                        """
                        {"Type":"Map","ItemProcessor":{"StartAt":"P","States":{
                          "P":{"Type":"Pass","End":true}}},"End":true}""")
                    .roleArn(Sfn.ROLE)
                    .input(input));

    assertThat(r.status()).isEqualTo(TestExecutionStatus.FAILED);
    assertThat(r.cause()).isEqualTo(LIMIT_CAUSE);
  }

  /** A distributed Map whose ItemReader and ResultWriter parameters are the attacker's. */
  private static String distributedMap(String readerParameters, String writer) {
    return """
        {"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
            "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
            "Parameters":READER},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
            "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},WRITER"End":true}}}"""
        .replace("READER", readerParameters)
        .replace("WRITER", writer);
  }

  @Test
  void anItemReaderCannotReadTheServersFiles() {
    for (String parameters :
        List.of(
            "{\"Url\":\"file:///etc/passwd\"}",
            "{\"Url\":\"file:///proc/self/environ\"}",
            "{\"Bucket\":\"../../..\",\"Key\":\"etc/passwd\"}",
            "{\"Bucket\":\"..\",\"Key\":\"security/server.key\"}",
            "{\"Url\":\"http://169.254.169.254/latest/meta-data/\"}",
            "{\"Url\":\"http://127.0.0.1:" + Sfn.endpoint().getPort() + "/q/health\"}")) {
      String arn = start(distributedMap(parameters, ""));

      DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30));

      assertThat(d.status()).as(parameters).isEqualTo(ExecutionStatus.FAILED);
      assertThat(d.error()).as(parameters).isEqualTo("States.ItemReaderFailed");
      assertThat(d.cause()).as(parameters).contains("is out of reach").doesNotContain("root:");
    }
  }

  @Test
  void aResultWriterCannotWriteOutsideTheObjectStore() throws Exception {
    Path bucket = Files.createDirectories(Path.of("target/objects/attack"));
    Files.writeString(bucket.resolve("items.csv"), "n\n1\n");
    String reader = "{\"Bucket\":\"attack\",\"Key\":\"items.csv\"}";
    Path outside = Path.of("target/outside-the-store").toAbsolutePath();
    for (String writer :
        List.of(
            "{\"Url\":\"" + outside.toUri() + "\"}",
            "{\"Bucket\":\"../outside-the-store\",\"Prefix\":\"x\"}")) {
      String arn =
          start(
              distributedMap(
                  reader,
                  "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\","
                      + "\"Parameters\":"
                      + writer
                      + "},"));

      DescribeExecutionResponse d = Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30));

      assertThat(d.status()).as(writer).isEqualTo(ExecutionStatus.FAILED);
      assertThat(d.error()).as(writer).isEqualTo("States.ResultWriterFailed");
      assertThat(d.cause()).as(writer).contains("is out of reach");
    }
    assertThat(outside).doesNotExist();
  }

  @Test
  void theServersTasksTokensComeFromTheSecureSource() {
    assertThat(ports.ports().tokens()).isSameAs(TaskTokens.secure());
  }

  @Test
  void theDefaultLimitsAreTheEnginesDefaults() {
    EvaluationBudget budget = ports.ports().budget();
    assertThat(budget.time()).isEqualTo(EvaluationBudget.DEFAULT.time());
    assertThat(budget.depth()).isEqualTo(EvaluationBudget.DEFAULT.depth());
    assertThat(budget.size()).isEqualTo(EvaluationBudget.DEFAULT.size());
  }
}
