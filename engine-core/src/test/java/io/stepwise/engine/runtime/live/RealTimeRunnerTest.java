package io.stepwise.engine.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RealTimeRunnerTest {
  private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:work";

  /** Tasks handed out, for the test to answer from its own thread. */
  static final class Queue implements TaskDispatcher {
    record Handed(Command.DispatchTask task, Consumer<Signal> answers) {}

    final BlockingQueue<Handed> handed = new LinkedBlockingQueue<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    @Override
    public void dispatch(Command.DispatchTask task, Consumer<Signal> answers) {
      handed.add(new Handed(task, answers));
    }

    @Override
    public void cancel(String taskToken) {
      cancelled.add(taskToken);
    }

    Handed take() throws InterruptedException {
      Handed h = handed.poll(10, TimeUnit.SECONDS);
      assertThat(h).as("a task was dispatched").isNotNull();
      return h;
    }
  }

  private final Queue queue = new Queue();

  private ExecutionSnapshot runInBackground(
      String definition, Duration limit, List<ExecutionSnapshot> ended) throws Exception {
    ExecutionSnapshot s =
        InMemoryRunner.localExecution(
            "m",
            "e",
            Json.parseTrusted("{\"n\": 1}"),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            7);
    s.asExpress(limit);
    RealTimeRunner runner =
        new RealTimeRunner(
            DefinitionParser.parse(Json.parseTrusted(definition)),
            queue,
            Clock.systemUTC(),
            OutboundPolicy.local(Path.of("target", "objects")));
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                ended.add(runner.run(s));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    return s;
  }

  private static ExecutionSnapshot awaitEnd(List<ExecutionSnapshot> ended)
      throws InterruptedException {
    for (int i = 0; i < 1000 && ended.isEmpty(); i++) Thread.sleep(10);
    assertThat(ended).as("the run ended").hasSize(1);
    return ended.getFirst();
  }

  @Test
  void aWaitWaitsOnTheRealClock() throws Exception {
    List<ExecutionSnapshot> ended = new CopyOnWriteArrayList<>();
    runInBackground(
        """
        {"StartAt": "Pause", "States": {
          "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
          "Done": {"Type": "Pass", "End": true}}}
        """,
        Duration.ofMinutes(5),
        ended);
    ExecutionSnapshot end = awaitEnd(ended);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Duration.between(end.startTime(), end.stopTime()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void parallelBranchesWaitForTheirTasksSideBySideAndAnswersComeFromOtherThreads()
      throws Exception {
    List<ExecutionSnapshot> ended = new CopyOnWriteArrayList<>();
    runInBackground(
        """
        {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s", "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s", "End": true}}}
        ]}}}
        """
            .formatted(FN),
        Duration.ofMinutes(5),
        ended);
    Queue.Handed first = queue.take();
    Queue.Handed second = queue.take();
    assertThat(ended).as("nothing answered yet").isEmpty();
    second
        .answers()
        .accept(new Signal.TaskSucceeded(second.task().taskToken(), Json.parseTrusted("\"b\"")));
    first
        .answers()
        .accept(new Signal.TaskSucceeded(first.task().taskToken(), Json.parseTrusted("\"a\"")));
    ExecutionSnapshot end = awaitEnd(ended);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Json.write(end.output())).isIn("[\"a\",\"b\"]", "[\"b\",\"a\"]");
    assertThat(queue.cancelled).isEmpty();
  }

  @Test
  void aTaskThatNeverAnswersTimesOutAndItsLateAnswerChangesNothing() throws Exception {
    List<ExecutionSnapshot> ended = new CopyOnWriteArrayList<>();
    runInBackground(
        """
        {"StartAt": "Work", "States": {
          "Work": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1, "End": true,
                   "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "TimedOut"}]},
          "TimedOut": {"Type": "Pass", "Result": "caught", "End": true}}}
        """
            .formatted(FN),
        Duration.ofMinutes(5),
        ended);
    Queue.Handed handed = queue.take();
    ExecutionSnapshot end = awaitEnd(ended);
    handed.answers().accept(new Signal.TaskSucceeded(handed.task().taskToken(), Json.object()));
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(end.output().asText()).isEqualTo("caught");
    assertThat(queue.cancelled).containsExactly(handed.task().taskToken());
  }

  @Test
  void theRunTimesOutAtItsMaximumDurationAndHandsBackWhatItWaitedFor() throws Exception {
    List<ExecutionSnapshot> ended = new CopyOnWriteArrayList<>();
    runInBackground(
        """
        {"StartAt": "Work", "TimeoutSeconds": 3600, "States": {
          "Work": {"Type": "Task", "Resource": "%s", "End": true}}}
        """
            .formatted(FN),
        Duration.ofMillis(300),
        ended);
    Queue.Handed handed = queue.take();
    ExecutionSnapshot end = awaitEnd(ended);
    assertThat(end.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(end.error()).isEqualTo("States.Timeout");
    assertThat(Duration.between(end.startTime(), end.stopTime()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(queue.cancelled).containsExactly(handed.task().taskToken());
  }

  @Test
  void heartbeatsKeepATaskAliveUntilTheyStop() throws Exception {
    List<ExecutionSnapshot> ended = new CopyOnWriteArrayList<>();
    runInBackground(
        """
        {"StartAt": "Work", "States": {
          "Work": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1, "End": true}}}
        """
            .formatted(FN),
        Duration.ofMinutes(5),
        ended);
    Queue.Handed handed = queue.take();
    for (int i = 0; i < 4; i++) {
      Thread.sleep(500);
      handed.answers().accept(new Signal.TaskHeartbeat(handed.task().taskToken()));
    }
    assertThat(ended).as("alive after 2 s of heartbeats every 0.5 s").isEmpty();
    ExecutionSnapshot end = awaitEnd(ended);
    assertThat(end.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(end.error()).isEqualTo("States.HeartbeatTimeout");
  }

  @Test
  void aMapRunsItsIterationsTasksSideBySide() throws Exception {
    List<ExecutionSnapshot> ended = new CopyOnWriteArrayList<>();
    runInBackground(
        """
        {"StartAt": "Items", "States": {
          "Items": {"Type": "Pass", "Result": [1, 2, 3], "Next": "Each"},
          "Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "W",
            "States": {"W": {"Type": "Task", "Resource": "%s", "End": true}}}}}}
        """
            .formatted(FN),
        Duration.ofMinutes(5),
        ended);
    List<Queue.Handed> all = List.of(queue.take(), queue.take(), queue.take());
    for (Queue.Handed h : all.reversed()) {
      JsonNode in = h.task().input();
      h.answers().accept(new Signal.TaskSucceeded(h.task().taskToken(), in));
    }
    ExecutionSnapshot end = awaitEnd(ended);
    assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Json.write(end.output())).isEqualTo("[1,2,3]");
  }
}
