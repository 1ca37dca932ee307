package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {
  @Test
  void parkedExecutionSurvivesARoundTripAndContinues() throws Exception {
    StateMachineDefinition definition =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items","End":true,
                 "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
                 "Resource":"arn:aws:states:us-east-1:123456789012:activity:work","End":true}}}}}}
                """));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ExecutionSnapshot snapshot =
        ExecutionSnapshot.create(
            "arn:x", "x", "arn:sm", "sm", null, Json.parse("{\"items\":[1,2]}"), t0, 7);
    StepResult started =
        Interpreter.step(definition, snapshot, new Signal.Started(), t0, Ports.STANDARD);
    var tokens =
        started.commands().stream()
            .filter(c -> c instanceof Command.DispatchTask)
            .map(c -> ((Command.DispatchTask) c).taskToken())
            .toList();
    assertThat(tokens).hasSize(2);

    ExecutionSnapshot copy = SnapshotCodec.read(SnapshotCodec.write(snapshot));
    assertThat(SnapshotCodec.write(copy)).isEqualTo(SnapshotCodec.write(snapshot));

    Interpreter.step(
        definition,
        copy,
        new Signal.TaskSucceeded(tokens.get(0), Json.parse("\"a\"")),
        t0,
        Ports.STANDARD);
    StepResult last =
        Interpreter.step(
            definition,
            copy,
            new Signal.TaskSucceeded(tokens.get(1), Json.parse("\"b\"")),
            t0,
            Ports.STANDARD);
    assertThat(copy.status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(copy.output).isEqualTo(Json.parse("[\"a\",\"b\"]"));
    assertThat(last.events().getLast().type().awsName()).isEqualTo("ExecutionSucceeded");
  }
}
