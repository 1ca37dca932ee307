package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.EvaluationBudget;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A definition is code an editor wrote and the server runs: the attacks of issue 16 (rows 4 and 6)
 * against the evaluation budget. Each must fail its execution with a States error whose cause names
 * the state, on the thread that ran it, instead of holding the thread, its stack or the heap.
 */
class BoundedEvaluationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A JSONata recursion that never returns: a StackOverflowError in the timer thread before. */
  static final String RECURSION_BOMB =
      "($f := function($n){ $n = -1 ? 0 : 1 + $f($n + 1) }; $f(0))";

  private static ExecutionSnapshot run(String definition, String input, Ports ports)
      throws Exception {
    ExecutionSnapshot snapshot =
        InMemoryRunner.localExecution("sm", "ex", Json.parse(input), T0, 7);
    new InMemoryRunner(DefinitionParser.parse(Json.parse(definition)), TaskHandler.NONE, false)
        .withPorts(ports)
        .run(snapshot);
    return snapshot;
  }

  private static String jsonataPass(String expression) {
    return """
        {"QueryLanguage":"JSONata","StartAt":"Bomb","States":{
          "Bomb":{"Type":"Pass","Output":"{% EXPR %}","End":true}}}"""
        .replace("EXPR", expression.replace("\"", "\\\""));
  }

  private static Ports budget(Duration time, int depth, int size) {
    return Ports.STANDARD.withBudget(
        new EvaluationBudget(time, depth, size, InstantSource.system()));
  }

  @Test
  void aRecursionBombFailsItsStateInsteadOfTheThread() throws Exception {
    ExecutionSnapshot s = run(jsonataPass(RECURSION_BOMB), "{}", Ports.STANDARD);

    assertThat(s.status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.error).isEqualTo("States.QueryEvaluationError");
    assertThat(s.cause)
        .startsWith("An error occurred while executing the state 'Bomb'")
        .contains("nested deeper than 500 levels (stepwise.limits.expression-depth)");
  }

  @Test
  void aRecursionBombOnASmallStackStillFailsOnlyItsState() throws Exception {
    // A thread whose stack ends before the depth limit does: the overflow is the state's error.
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread small =
        new Thread(
            null,
            () -> {
              try {
                outcome.set(
                    run(
                        jsonataPass(RECURSION_BOMB),
                        "{}",
                        budget(Duration.ofSeconds(5), 100_000, 1000)));
              } catch (Throwable t) {
                outcome.set(t);
              }
            },
            "small-stack",
            256 * 1024);
    small.start();
    small.join();

    assertThat(outcome.get()).isInstanceOf(ExecutionSnapshot.class);
    ExecutionSnapshot s = (ExecutionSnapshot) outcome.get();
    assertThat(s.error).isEqualTo("States.QueryEvaluationError");
    assertThat(s.cause).contains("'Bomb'").contains("stepwise.limits.expression-depth");
  }

  @Test
  void aLongTailRecursionIsStoppedAtItsTimeBudget() throws Exception {
    // Tail calls run in constant depth: only the clock can stop it (44 s uncut before).
    String loop = "($f := function($n){ $n = 0 ? 0 : $f($n - 1) }; $f(50000000))";

    ExecutionSnapshot s =
        run(jsonataPass(loop), "{}", budget(Duration.ofMillis(300), 500, 1_000_000));

    assertThat(s.error).isEqualTo("States.QueryEvaluationError");
    assertThat(s.cause)
        .contains("'Bomb'")
        .contains("took longer than its 300 ms (stepwise.limits.expression-time)");
  }

  @Test
  void aHugeRangeIsRefusedBeforeAnyItemIsMade() throws Exception {
    ExecutionSnapshot s = run(jsonataPass("$count($range(1, 100000000))"), "{}", Ports.STANDARD);

    assertThat(s.error).isEqualTo("States.QueryEvaluationError");
    assertThat(s.cause)
        .contains("'Bomb'")
        .contains("$range would make 100000000 items, more than 1000000");
  }

  @Test
  void aStringDoubledPastTheSizeBudgetFails() throws Exception {
    String doubling =
        "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f('x', 22)))";

    ExecutionSnapshot s = run(jsonataPass(doubling), "{}", Ports.STANDARD);

    assertThat(s.error).isEqualTo("States.QueryEvaluationError");
    assertThat(s.cause).contains("'Bomb'").contains("(stepwise.limits.expression-size)");
  }

  @Test
  void nestedIntrinsicsCannotMultiplyAStringPastTheSizeBudget() throws Exception {
    String four = "States.Format('{}{}{}{}', $.s, $.s, $.s, $.s)";
    String sixteen = "States.Format('{}{}{}{}', " + String.join(", ", four, four, four, four) + ")";
    String definition =
        """
        {"StartAt":"Grow","States":{"Grow":{"Type":"Pass","Parameters":{"s.$":"CALL"},"End":true}}}"""
            .replace("CALL", sixteen);
    String input = "{\"s\":\"" + "x".repeat(100_000) + "\"}";

    ExecutionSnapshot s = run(definition, input, Ports.STANDARD);

    assertThat(s.error).isEqualTo("States.Runtime");
    assertThat(s.cause)
        .contains("'Grow'")
        .contains("Invalid arguments in States.Format: the result would have 1600000");
  }

  @Test
  void evaluationsWithinTheBudgetAreUntouched() throws Exception {
    String sum = "$sum($map($range(1, 100000), function($x){ $x * 2 }))";
    // The default depth and size budgets; the time budget has its own test, and on a loaded
    // machine 100,000 calls can take longer than its 5 s default.
    EvaluationBudget defaults = EvaluationBudget.DEFAULT;
    Ports ports = budget(Duration.ofMinutes(2), defaults.depth(), defaults.size());

    ExecutionSnapshot s = run(jsonataPass(sum), "{}", ports);

    assertThat(s.status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Json.write(s.output)).isEqualTo("10000100000");
  }
}
