package io.stepwise.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayTest {
  private static final String V1 =
      """
      {"StartAt":"Charge","States":{
        "Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:charge","ResultPath":"$.charge","Next":"Label"},
        "Label":{"Type":"Pass","Result":"standard","ResultPath":"$.label","End":true}}}""";

  private static ExecutionExport record() throws Exception {
    StateMachineDefinition d = DefinitionParser.parse(Json.parse(V1));
    var snapshot =
        InMemoryRunner.localExecution("sm", "ex", Json.parse("{\"amount\":5}"), Instant.EPOCH, 9);
    var result =
        new InMemoryRunner(
                d, new MockedTasks(Json.parse("{\"Charge\":[{\"Return\":{\"id\":\"c1\"}}]}")), true)
            .run(snapshot);
    return ExecutionExport.of(
        Json.parse(V1), Json.parse("{\"amount\":5}"), "sm", "ex", result.events());
  }

  @Test
  void anUnchangedDefinitionAgrees() throws Exception {
    Replay.Report report = Replay.run(record(), DefinitionParser.parse(Json.parse(V1)));
    assertThat(report.agrees()).isTrue();
    assertThat(report.replayedEvents()).isEqualTo(report.recordedEvents());
  }

  @Test
  void findsAPlantedDivergenceAndSaysWhere() throws Exception {
    String v2 = V1.replace("\"standard\"", "\"express\"");
    Replay.Report report = Replay.run(record(), DefinitionParser.parse(Json.parse(v2)));
    assertThat(report.agrees()).isFalse();
    assertThat(report.divergence().recordedType()).isEqualTo("PassStateExited");
    assertThat(report.divergence().field()).isEqualTo("output");
    assertThat(report.divergence().describe()).contains("standard").contains("express");
  }

  @Test
  void aRemovedStateShowsAsADifferentEvent() throws Exception {
    String v2 =
        """
        {"StartAt":"Charge","States":{
          "Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:charge","ResultPath":"$.charge","End":true}}}""";
    Replay.Divergence d = Replay.run(record(), DefinitionParser.parse(Json.parse(v2))).divergence();
    assertThat(d.recordedType()).isEqualTo("PassStateEntered");
    assertThat(d.replayedType()).isEqualTo("ExecutionSucceeded");
  }

  private static final String ROUTE =
      """
      {"StartAt":"A","States":{
        "A":{"Type":"Pass","Next":"B"},
        "B":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":%s,"Next":"C"}],"Default":"D"},
        "C":{"Type":"Succeed"},
        "D":{"Type":"Fail","Error":"TooSmall"}}}""";

  private static ExecutionExport recordRoute(String definition) throws Exception {
    var result =
        new InMemoryRunner(
                DefinitionParser.parse(Json.parse(definition)), new MockedTasks(null), true)
            .run(
                InMemoryRunner.localExecution(
                    "sm", "ex", Json.parse("{\"n\":5}"), Instant.EPOCH, 9));
    return ExecutionExport.of(
        Json.parse(definition), Json.parse("{\"n\":5}"), "sm", "ex", result.events());
  }

  @Test
  void namesTheStatesWhereTheRunsPartAndTheChoiceRuleThatSentThemApart() throws Exception {
    ExecutionExport export = recordRoute(ROUTE.formatted("1"));
    Replay.Report report =
        Replay.run(export, DefinitionParser.parse(Json.parse(ROUTE.formatted("10"))));
    assertThat(report.divergence().describe())
        .isEqualTo(
            "event 6: recorded SucceedStateEntered 'C', the new definition gives"
                + " FailStateEntered 'D'; Choice 'B' rule 1 `$.n > 10` no longer matches 5");
  }

  @Test
  void aRuleThatNowMatchesIsNamedToo() throws Exception {
    String none =
        ROUTE.formatted("1").replace("\"Next\":\"C\"}]", "\"Next\":\"C\"}],\"Comment\":\"x\"");
    ExecutionExport export = recordRoute(ROUTE.formatted("10"));
    Replay.Divergence d = Replay.run(export, DefinitionParser.parse(Json.parse(none))).divergence();
    assertThat(d.recordedState()).isEqualTo("D");
    assertThat(d.replayedState()).isEqualTo("C");
    assertThat(d.why()).isEqualTo("Choice 'B' rule 1 `$.n > 1` now matches 5");
  }

  @Test
  void aDifferingDetailNamesItsState() throws Exception {
    String v2 = V1.replace("\"standard\"", "\"express\"");
    Replay.Divergence d = Replay.run(record(), DefinitionParser.parse(Json.parse(v2))).divergence();
    assertThat(d.describe())
        .startsWith("event 8 (PassStateExited 'Label'): output was ")
        .contains("the new definition gives");
    assertThat(d.why()).isNull();
  }

  @Test
  void timeTravelShowsTheStateAfterAnEvent() throws Exception {
    ExecutionExport export = record();
    StateMachineDefinition d = DefinitionParser.parse(Json.parse(V1));
    var afterTaskEntered = TimeTravel.at(export, d, 2);
    assertThat(afterTaskEntered.root().stateName()).isEqualTo("Charge");
    assertThat(afterTaskEntered.status().name()).isEqualTo("RUNNING");
    var atEnd = TimeTravel.at(export, d, export.events().size());
    assertThat(atEnd.output())
        .isEqualTo(Json.parse("{\"amount\":5,\"charge\":{\"id\":\"c1\"},\"label\":\"standard\"}"));
  }
}
