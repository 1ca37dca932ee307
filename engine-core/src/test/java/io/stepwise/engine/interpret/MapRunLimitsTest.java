package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** UpdateMapRun reaches a running distributed Map: its limits change and more children start. */
class MapRunLimitsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aHigherMaxConcurrencyStartsMoreChildrenAndTheLimitsAreReadable() throws Exception {
    StateMachineDefinition d =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                  "MaxConcurrency": 1, "ToleratedFailureCount": 2,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
                    "ExecutionType": "STANDARD"}, "StartAt": "P",
                    "States": {"P": {"Type": "Pass", "End": true}}}}}}
                """));
    ExecutionSnapshot s =
        InMemoryRunner.localExecution("sm", "ex", Json.parse("[1, 2, 3, 4]"), T0, 1);
    StepResult started = Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    assertThat(started.commands())
        .filteredOn(Command.StartChildExecution.class::isInstance)
        .hasSize(1);
    String mapRunArn =
        started.events().stream()
            .filter(e -> e.type() == HistoryEventType.MAP_RUN_STARTED)
            .findFirst()
            .orElseThrow()
            .details()
            .path("mapRunArn")
            .asText();
    assertThat(MapRunLimits.of(s, mapRunArn)).isEqualTo(new MapRunLimits(1, 2, 0));

    StepResult updated =
        Interpreter.step(
            d, s, new Signal.MapRunUpdated(mapRunArn, 3, null, 50.0), T0, Ports.STANDARD);

    assertThat(updated.commands())
        .filteredOn(Command.StartChildExecution.class::isInstance)
        .hasSize(2);
    assertThat(updated.events()).as("no history event of its own").isEmpty();
    assertThat(MapRunLimits.of(s, mapRunArn)).isEqualTo(new MapRunLimits(3, 2, 50));
  }

  @Test
  void anUpdateForAMapRunThatIsNotRunningChangesNothing() throws Exception {
    StateMachineDefinition d =
        DefinitionParser.parse(
            Json.parse("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
    ExecutionSnapshot s = InMemoryRunner.localExecution("sm", "ex", Json.parse("{}"), T0, 1);
    Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    StepResult r =
        Interpreter.step(
            d, s, new Signal.MapRunUpdated("arn:nothing", 5, null, null), T0, Ports.STANDARD);
    assertThat(r.events()).isEmpty();
    assertThat(r.commands()).isEmpty();
  }
}
