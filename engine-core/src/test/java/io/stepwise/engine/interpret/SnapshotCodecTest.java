package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  private static final Path FIXTURES = Path.of("src/test/resources/snapshots");

  /**
   * A snapshot as the engine wrote it before its fields were the interpreter's own (public fields,
   * written by field name): durable runtimes hold rows like it. It reads, writes back the same JSON
   * and runs on to its end.
   */
  @Test
  void aSnapshotRowWrittenByAnEarlierEngineReadsAndContinues() throws Exception {
    String stored = Files.readString(FIXTURES.resolve("parked-parallel.snapshot.json"));
    StateMachineDefinition definition =
        DefinitionParser.parse(
            Json.parse(Files.readString(FIXTURES.resolve("parked-parallel.asl.json"))));

    ExecutionSnapshot s = SnapshotCodec.read(stored);
    assertThat(Json.parse(SnapshotCodec.write(s))).isEqualTo(Json.parse(stored));
    assertThat(s.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:sm:x");
    assertThat(s.stateMachineVersionArn()).endsWith(":sm:1");
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(s.lastEventId()).isEqualTo(12);
    assertThat(s.root().phase()).isEqualTo(Frame.Phase.WAITING_CHILDREN);
    assertThat(s.root().children()).hasSize(2);
    assertThat(s.root().children().get(0).variables())
        .isEqualTo(Json.parse("{\"who\":\"fixture\"}"));

    Instant t1 = Instant.parse("2026-01-01T00:01:00Z");
    for (int answered = 0; s.status() == ExecutionStatus.RUNNING; answered++) {
      assertThat(answered).isLessThan(3);
      String token = waitingTokens(s.root()).getFirst();
      Interpreter.step(
          definition,
          s,
          new Signal.TaskSucceeded(token, Json.parse("\"" + token.substring(0, 4) + "\"")),
          t1,
          Ports.STANDARD);
    }
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(s.output()).isEqualTo(Json.parse("[\"/0#1\", [\"/1/0\", \"/1/1\"]]"));
  }

  /**
   * Before the maximum duration was the interpreter's, the durable runtime named its own timer for
   * it in the snapshot; such an execution still times out when that timer fires.
   */
  @Test
  void anExecutionTimerNamedByAnEarlierRuntimeStillEndsTheExecution() throws Exception {
    String stored =
        Files.readString(FIXTURES.resolve("parked-parallel.snapshot.json"))
            .replace("\"#execution-timeout\"", "\"stepwise-max-duration\"");
    StateMachineDefinition definition =
        DefinitionParser.parse(
            Json.parse(Files.readString(FIXTURES.resolve("parked-parallel.asl.json"))));
    ExecutionSnapshot s = SnapshotCodec.read(stored);

    StepResult r =
        Interpreter.step(
            definition,
            s,
            new Signal.TimerFired("stepwise-max-duration"),
            Instant.parse("2027-01-01T00:00:00Z"),
            Ports.STANDARD);
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(r.events().getLast().type().awsName()).isEqualTo("ExecutionTimedOut");
  }

  private static List<String> waitingTokens(Frame frame) {
    List<String> tokens = new ArrayList<>();
    if (frame.taskToken() != null && frame.phase() == Frame.Phase.WAITING_TASK) {
      tokens.add(frame.taskToken());
    }
    if (frame.children() != null) {
      for (Frame child : frame.children()) tokens.addAll(waitingTokens(child));
    }
    return tokens;
  }
}
