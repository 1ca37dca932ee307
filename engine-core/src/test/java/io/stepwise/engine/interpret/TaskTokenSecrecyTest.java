package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.EvaluationBudget;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.port.TaskTokens;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 16 (row 3): a viewer reads the States.UUID values in a history and computes
 * the next task token, because both came from the execution's seeded randomness. Tokens must come
 * from the runtime's secure source instead, while UUIDs stay reproducible for replay.
 */
class TaskTokenSecrecyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long SEED = 42;

  /** Three UUIDs in the history, then a task that waits for its token. */
  private static final String DEFINITION =
      """
      {"StartAt":"Ids","States":{
        "Ids":{"Type":"Pass","Parameters":{
          "ids.$":"States.Array(States.UUID(), States.UUID(), States.UUID())"},"Next":"Approve"},
        "Approve":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters":{"token.$":"$$.Task.Token"},"ResultPath":null,"End":true}}}""";

  /** What an execution shows, and the token its task got. */
  private record Run(JsonNode output, String token, ExecutionSnapshot snapshotAtDispatch) {}

  private static Run run(Ports ports) throws Exception {
    List<String> tokens = new ArrayList<>();
    List<ExecutionSnapshot> atDispatch = new ArrayList<>();
    ExecutionSnapshot snapshot = InMemoryRunner.localExecution("sm", "ex", Json.object(), T0, SEED);
    TaskHandler handler =
        task -> {
          tokens.add(task.taskToken());
          atDispatch.add(SnapshotCodec.read(SnapshotCodec.write(snapshot)));
          return new TaskHandler.Outcome.Success(Json.object());
        };
    new InMemoryRunner(DefinitionParser.parse(Json.parse(DEFINITION)), handler, true)
        .withPorts(ports)
        .run(snapshot);
    return new Run(snapshot.output, tokens.getFirst(), atDispatch.getFirst());
  }

  private static String secretOf(String token) {
    return token.substring(token.lastIndexOf('#') + 1);
  }

  @Test
  void theSameSeedPrintsTheSameUuidsButNeverTheSameToken() throws Exception {
    Run first = run(Ports.STANDARD);
    Run second = run(Ports.STANDARD);

    assertThat(first.output().path("ids")).hasSize(3);
    assertThat(second.output()).isEqualTo(first.output());
    assertThat(secretOf(second.token())).isNotEqualTo(secretOf(first.token()));
  }

  @Test
  void anAttackerWhoKnowsTheSeedAndEveryDrawStillCannotComputeTheToken() throws Exception {
    Run run = run(Ports.STANDARD);
    // The strongest attacker: the execution's seed and draw count themselves (more than the UUIDs
    // in a history reveal). Every secret the seeded randomness could give next is tried.
    ExecutionSnapshot known = run.snapshotAtDispatch();
    Set<String> guesses = new HashSet<>();
    for (int skip = -8; skip <= 8; skip++) {
      ExecutionSnapshot copy = SnapshotCodec.read(SnapshotCodec.write(known));
      copy.randomDraws = Math.max(0, known.randomDraws - 2 + skip);
      byte[] secret = new byte[16];
      new SeededRandom(copy).nextBytes(secret);
      guesses.add(HexFormat.of().formatHex(secret));
    }

    assertThat(guesses).doesNotContain(secretOf(run.token()));
  }

  @Test
  void tokensTakeTheirSecretFromTheRuntimesSource() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TaskTokens counting = () -> "feedface" + calls.incrementAndGet();

    Run run = run(new Ports(counting, EvaluationBudget.DEFAULT));

    assertThat(run.token()).endsWith("#feedface1");
    assertThat(calls).hasValue(1);
  }

  @Test
  void theStandardSourceGives128RandomBitsEachTime() {
    assertThat(Ports.STANDARD.tokens()).isSameAs(TaskTokens.secure());
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 1000; i++) secrets.add(TaskTokens.secure().newSecret());

    assertThat(secrets).hasSize(1000).allMatch(s -> s.matches("[0-9a-f]{32}"));
  }
}
