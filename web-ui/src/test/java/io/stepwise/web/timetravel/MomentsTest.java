package io.stepwise.web.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryExecutions;
import io.stepwise.engine.runtime.memory.InMemoryStateMachines;
import io.stepwise.engine.runtime.memory.ManualClock;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.engine.runtime.memory.TaskHandler;
import io.stepwise.web.execution.ExecutionViews;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The time-travel view against the live one: executions are stepped through the in-memory services,
 * the live page's colours and waiting states are taken after every step, and the moment rebuilt by
 * the interpreter at that event must show the same. Every other event must rebuild too.
 */
class MomentsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
  private final InMemoryStateMachines machines = new InMemoryStateMachines(clock);
  private final InMemoryExecutions executions =
      new InMemoryExecutions(
          machines, clock, task -> new TaskHandler.Outcome.Success(task.input()));
  private final DefinitionDrawings drawings = new DefinitionDrawings();
  private final ExecutionViews views = new ExecutionViews(executions, machines, drawings);
  private final Moments moments =
      new Moments(new Recordings(executions, machines, Ports.STANDARD), drawings);

  /** What the live page shows after a step: colours, and the states activities wait in. */
  private record Live(long eventId, Map<String, String> colours, List<String> waiting) {}

  private final List<Live> live = new ArrayList<>();

  // InMemoryExecutions lists answered tasks as pending until the execution ends; the live page's
  // "waiting" is the tasks not answered yet.
  private final java.util.Set<String> answered = new java.util.HashSet<>();

  private static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:work";

  private void observe(String arn) {
    var view = views.view(arn, clock.instant());
    List<String> waiting = new ArrayList<>();
    for (PendingTask t : executions.pendingTasks(arn)) {
      if (!answered.contains(t.taskToken())) waiting.add(t.stateName());
    }
    waiting.sort(null);
    live.add(new Live(view.eventCount(), colours(view.graph()), waiting));
  }

  private static Map<String, String> colours(PaintedGraph graph) {
    Map<String, String> out = new TreeMap<>();
    for (PaintedGraph.PaintedBox b : graph.boxes()) {
      if (b.box().stateName() != null) out.put(b.box().stateName(), b.paint().status());
    }
    return out;
  }

  private void assertMomentsMatchLive(String arn) {
    for (Live l : live) {
      Moment m = moments.at(arn, l.eventId());
      assertThat(m.warning()).as("warning at event %d", l.eventId()).isEmpty();
      assertThat(colours(m.graph())).as("colours at event %d", l.eventId()).isEqualTo(l.colours());
      List<String> waiting =
          m.frames().stream()
              .filter(f -> f.phase().equals("waiting task"))
              .map(FrameView::stateName)
              .sorted()
              .toList();
      assertThat(waiting).as("waiting states at event %d", l.eventId()).isEqualTo(l.waiting());
    }
    long total = live.getLast().eventId();
    for (long n = 1; n <= total; n++) {
      Moment m = moments.at(arn, n);
      assertThat(m.eventId()).isEqualTo(n);
      assertThat(m.warning()).as("warning at event %d", n).isEmpty();
    }
  }

  private void answerAll(String arn, boolean reversed) {
    List<PendingTask> tasks = new ArrayList<>(executions.pendingTasks(arn));
    tasks.removeIf(t -> answered.contains(t.taskToken()));
    if (reversed) java.util.Collections.reverse(tasks);
    for (PendingTask t : tasks) {
      answered.add(t.taskToken());
      executions.succeedTask(t.taskToken(), "{\"done\": \"" + t.stateName() + "\"}");
      observe(arn);
    }
  }

  @Test
  void choiceWaitTaskAndVariablesMatchTheLiveStateAtEveryStep() {
    String machine =
        machines
            .create(
                "flow",
                """
                {"StartAt":"Init","States":{
                  "Init":{"Type":"Pass","Assign":{"limit":10},"Next":"Route"},
                  "Route":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThanPath":"$.cap","Next":"Big"}],"Default":"Small"},
                  "Big":{"Type":"Task","Resource":"%s","Next":"Pause"},
                  "Small":{"Type":"Pass","Next":"Pause"},
                  "Pause":{"Type":"Wait","Seconds":5,"Next":"Check"},
                  "Check":{"Type":"Task","Resource":"%s","End":true}}}"""
                    .formatted(ACTIVITY, ACTIVITY),
                StateMachineType.STANDARD)
            .arn();
    String arn = executions.start(machine, "one", "{\"n\": 7, \"cap\": 3}").executionArn();
    observe(arn);
    answerAll(arn, false);
    clock.advance(Duration.ofSeconds(5));
    executions.fireDueTimers();
    observe(arn);
    answerAll(arn, false);
    assertMomentsMatchLive(arn);

    Moment atChoice = moments.at(arn, 4);
    assertThat(atChoice.frames().getFirst().variables()).contains("\"limit\" : 10");
    assertThat(moments.at(arn, live.getLast().eventId()).status()).isEqualTo("SUCCEEDED");
  }

  @Test
  void parallelBranchesAnsweredOutOfOrderMatchTheLiveState() {
    String machine =
        machines
            .create(
                "fan",
                """
                {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Left","States":{"Left":{"Type":"Task","Resource":"%s","End":true}}},
                  {"StartAt":"Right","States":{"Right":{"Type":"Task","Resource":"%s","End":true}}}]}}}"""
                    .formatted(ACTIVITY, ACTIVITY),
                StateMachineType.STANDARD)
            .arn();
    String arn = executions.start(machine, "two", "{}").executionArn();
    observe(arn);
    answerAll(arn, true);
    assertMomentsMatchLive(arn);
    Moment waitingBoth = moments.at(arn, live.getFirst().eventId());
    assertThat(waitingBoth.frames()).extracting(FrameView::label).contains("Branch 1 of Both");
    // The slider steps through every event AWS records, ParallelStateSucceeded included, in order.
    List<String> steps = new ArrayList<>();
    for (long n = 1; n <= live.getLast().eventId(); n++)
      steps.add(moments.at(arn, n).event().type());
    assertThat(steps)
        .containsSubsequence(
            "ParallelStateStarted", "ParallelStateSucceeded", "ParallelStateExited")
        .endsWith("ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded");
  }

  @Test
  void mapIterationsMatchTheLiveState() {
    String machine =
        machines
            .create(
                "each",
                """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"Next":"Done",
                  "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"%s","End":true}}}},
                  "Done":{"Type":"Pass","End":true}}}"""
                    .formatted(ACTIVITY),
                StateMachineType.STANDARD)
            .arn();
    String arn = executions.start(machine, "three", "{\"items\": [1, 2, 3]}").executionArn();
    observe(arn);
    while (executions.pendingTasks(arn).stream().anyMatch(t -> !answered.contains(t.taskToken()))) {
      answerAll(arn, false);
    }
    assertMomentsMatchLive(arn);
    Moment first = moments.at(arn, live.getFirst().eventId());
    assertThat(first.frames()).extracting(FrameView::label).contains("Iteration 0 of Each");
  }

  @Test
  void aRunningExecutionTravelsUpToItsLatestEvent() {
    String machine =
        machines
            .create(
                "waits",
                """
                {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},
                  "B":{"Type":"Task","Resource":"%s","End":true}}}"""
                    .formatted(ACTIVITY),
                StateMachineType.STANDARD)
            .arn();
    String arn = executions.start(machine, "four", "{\"x\": 1}").executionArn();
    Moment latest = moments.at(arn, Long.MAX_VALUE);
    assertThat(latest.status()).isEqualTo("RUNNING");
    assertThat(latest.frames().getFirst().stateName()).isEqualTo("B");
    answerAll(arn, false);
    assertThat(moments.at(arn, Long.MAX_VALUE).status()).isEqualTo("SUCCEEDED");
  }

  /** Reports (does not assert) how long a step of the slider takes on a 25,000-event history. */
  @Test
  void aTwentyFiveThousandEventHistoryStaysQuick() {
    String machine =
        machines
            .create(
                "big",
                """
                {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","End":true,
                  "ItemProcessor":{"StartAt":"Item","States":{"Item":{"Type":"Pass","End":true}}}}}}""",
                StateMachineType.STANDARD)
            .arn();
    StringBuilder items = new StringBuilder("{\"items\": [");
    for (int i = 0; i < 6248; i++) items.append(i == 0 ? "" : ",").append(i);
    String arn = executions.start(machine, "big", items + "]}").executionArn();
    long total = views.view(arn, clock.instant()).eventCount();
    assertThat(total).isGreaterThanOrEqualTo(24_990);

    long t0 = System.nanoTime();
    Moment last = moments.at(arn, total);
    long first = System.nanoTime() - t0;
    assertThat(last.status()).isEqualTo("SUCCEEDED");
    assertThat(last.warning()).isEmpty();

    int steps = 20;
    long[] ends = new long[steps];
    for (int i = 0; i < steps; i++) {
      long s = System.nanoTime();
      moments.at(arn, total - 1 - i);
      ends[i] = System.nanoTime() - s;
    }
    long[] middles = new long[steps];
    for (int i = 0; i < steps; i++) {
      long s = System.nanoTime();
      Moment m = moments.at(arn, total / 2 + i);
      middles[i] = System.nanoTime() - s;
      assertThat(m.framesHidden() + m.frames().size()).isGreaterThan(0);
    }
    long s = System.nanoTime();
    moments.at(arn, total - 5);
    long cached = System.nanoTime() - s;
    System.out.printf(
        "time travel on %d events: first moment %d ms (reads and converts the history, replays it"
            + " once to check the definition); steps near the end median %d ms (max %d);"
            + " steps in the middle median %d ms (max %d); a cached moment %.2f ms%n",
        total,
        first / 1_000_000,
        median(ends) / 1_000_000,
        max(ends) / 1_000_000,
        median(middles) / 1_000_000,
        max(middles) / 1_000_000,
        cached / 1e6);
  }

  private static long median(long[] values) {
    long[] copy = values.clone();
    java.util.Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  private static long max(long[] values) {
    return java.util.Arrays.stream(values).max().orElse(0);
  }
}
