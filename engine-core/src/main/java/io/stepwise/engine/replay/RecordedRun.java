package io.stepwise.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.HaltedException;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.SnapshotCodec;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A recorded execution run again through the interpreter in the recording's own order: where the
 * recording has an ActivityStarted (or TaskStarted, LambdaFunctionStarted) event before a task's
 * outcome, the run signals {@code TaskStarted} too, and task answers arrive in the order they were
 * recorded. {@link TimeTravel} and {@link Replay} answer tasks at once through {@link
 * InMemoryRunner}, which never signals a start and answers in dispatch order, so on a history with
 * activities their event ids fall behind the recording at each start, and Parallel branches
 * answered out of order come out swapped; this run keeps them in step. Distributed Map children,
 * ItemReaders and ResultWriters are not run here (they fail with States.Runtime): for histories
 * without recorded starts, use {@link TimeTravel} and {@link Replay}, which run them.
 */
public final class RecordedRun {
  private RecordedRun() {}

  /**
   * True when this run (not InMemoryRunner's) rebuilds the recording through {@code definition}:
   * always, except without task starts where a distributed Map is involved (in the recording or in
   * the definition), whose children and item reading only InMemoryRunner runs. Only this run keeps
   * task answers in the recorded order, signals recorded starts, stops and redrives.
   */
  public static boolean suits(ExecutionExport export, StateMachineDefinition definition) {
    boolean mapRun = distributedMap(definition.graph());
    for (JsonNode e : export.events()) {
      String type = e.path("type").asText();
      if (isStart(type)) return true;
      if (type.equals("MapRunStarted")) mapRun = true;
    }
    return !mapRun;
  }

  private static boolean distributedMap(io.stepwise.engine.asl.StateGraph graph) {
    for (io.stepwise.engine.asl.State s : graph.states().values()) {
      switch (s) {
        case io.stepwise.engine.asl.MapState m -> {
          if (m.mode() == io.stepwise.engine.asl.MapState.ProcessorMode.DISTRIBUTED) return true;
          if (m.itemProcessor() != null && distributedMap(m.itemProcessor())) return true;
        }
        case io.stepwise.engine.asl.ParallelState p -> {
          for (io.stepwise.engine.asl.StateGraph b : p.branches()) {
            if (distributedMap(b)) return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  /** The snapshot right after event {@code eventId} (1-based), like {@link TimeTravel#at}. */
  public static ExecutionSnapshot at(
      ExecutionExport export, StateMachineDefinition definition, long eventId) {
    return at(export, definition, eventId, Ports.STANDARD);
  }

  /** The snapshot right after event {@code eventId}, evaluating within the ports' budget. */
  public static ExecutionSnapshot at(
      ExecutionExport export, StateMachineDefinition definition, long eventId, Ports ports) {
    ExecutionSnapshot snapshot = start(export);
    snapshot.haltAfter(eventId);
    try {
      run(export, definition, snapshot, new ArrayList<>(), ports);
    } catch (HaltedException halted) {
      // Stopped at the requested event, as asked.
    }
    ExecutionSnapshot copy = SnapshotCodec.read(SnapshotCodec.write(snapshot));
    copy.haltAfter(0);
    return copy;
  }

  /** Replays the export through {@code definition}, like {@link Replay#run}. */
  public static Replay.Report replay(ExecutionExport export, StateMachineDefinition definition) {
    return replay(export, definition, Ports.STANDARD);
  }

  /** Replays the export through {@code definition}, evaluating within the ports' budget. */
  public static Replay.Report replay(
      ExecutionExport export, StateMachineDefinition definition, Ports ports) {
    List<HistoryEvent> events = new ArrayList<>();
    try {
      run(export, definition, start(export), events, ports);
    } catch (MockedTasks.MissingMockException | IllegalStateException e) {
      // The new definition asks for more than was recorded: the histories part where it stopped.
    }
    ArrayNode replayed = Json.NODES.arrayNode();
    for (HistoryEvent e : events) replayed.add(AwsHistoryFormat.toJson(e, true));
    return Replay.compare(export, definition, replayed);
  }

  private static ExecutionSnapshot start(ExecutionExport export) {
    return InMemoryRunner.localExecution(
        export.stateMachineName(),
        export.executionName(),
        export.input(),
        Replay.startTime(export),
        export.randomSeed());
  }

  private record Timer(String id, Instant due, long order) {}

  /** One recorded attempt of a Task state: the ids of its start (0: none) and outcome events. */
  private record Attempt(long startEventId, long outcomeEventId) {}

  private static void run(
      ExecutionExport export,
      StateMachineDefinition definition,
      ExecutionSnapshot snapshot,
      List<HistoryEvent> history,
      Ports ports) {
    new Run(export.events(), definition, snapshot, history, ports).toTheEnd();
  }

  /**
   * InMemoryRunner's loop, with differences that keep event ids in step with the recording:
   * recorded starts are signalled; task answers are delivered in the order the recording has them
   * (Parallel branches and Map iterations answered out of dispatch order), a timer firing first
   * when the recording's next answer is not the next event; a recorded stop is requested where the
   * recording was stopped, and a recorded redrive redrives the run where it happened.
   */
  private static final class Run {
    private final StateMachineDefinition definition;
    private final Ports ports;
    private final ExecutionSnapshot snapshot;
    private final List<HistoryEvent> history;
    private final RecordedOutcomes outcomes;
    private final Map<String, Deque<Attempt>> attempts;
    private final TreeMap<Long, Signal> answers;
    private final TreeSet<Long> redrives;
    private final Deque<Signal> signals = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers =
        new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::order));
    private final Map<String, Timer> live = new HashMap<>();
    private Instant now;
    private long order;

    Run(
        ArrayNode events,
        StateMachineDefinition definition,
        ExecutionSnapshot snapshot,
        List<HistoryEvent> history,
        Ports ports) {
      this.definition = definition;
      this.ports = ports;
      this.snapshot = snapshot;
      this.history = history;
      this.outcomes = new RecordedOutcomes(events);
      this.attempts = attempts(events);
      this.answers = stops(events);
      this.redrives = redrives(events);
      this.now = snapshot.startTime();
    }

    void toTheEnd() {
      signals.add(new Signal.Started());
      while (!snapshot.status().isTerminal() || redrives.contains(snapshot.lastEventId() + 1)) {
        if (snapshot.status().isTerminal()) {
          // The recording was redriven here: the run goes on as RedriveExecution made it.
          redrives.remove(snapshot.lastEventId() + 1);
          StepResult redriven = Interpreter.redrive(definition, snapshot, now, ports);
          if (redriven == null) {
            throw new IllegalStateException("the recording was redriven here; this run cannot be");
          }
          carryOut(redriven);
          continue;
        }
        Signal signal = signals.poll();
        carryOut(
            Interpreter.step(definition, snapshot, signal == null ? next() : signal, now, ports));
      }
    }

    /** The next answer the recording has, or the next timer when the recording had that first. */
    private Signal next() {
      Map.Entry<Long, Signal> answer = answers.firstEntry();
      boolean answerIsNext =
          answer != null && answer.getKey() <= snapshot.lastEventId() + 1 || live.isEmpty();
      if (answer != null && answerIsNext) return answers.pollFirstEntry().getValue();
      Timer next = null;
      while (!timers.isEmpty() && next == null) {
        Timer t = timers.poll();
        if (live.remove(t.id(), t)) next = t;
      }
      if (next == null && answer != null) return answers.pollFirstEntry().getValue();
      if (next == null) {
        throw new IllegalStateException("the recording ends while the execution still waits");
      }
      if (next.due().isAfter(now)) now = next.due();
      return new Signal.TimerFired(next.id());
    }

    private void carryOut(StepResult result) {
      history.addAll(result.events());
      for (Command command : result.commands()) {
        switch (command) {
          case Command.StartTimer t -> {
            Timer timer = new Timer(t.timerId(), t.dueAt(), order++);
            live.put(t.timerId(), timer);
            timers.add(timer);
          }
          case Command.CancelTimer t -> live.remove(t.timerId());
          case Command.CancelTask t -> {}
          case Command.StartChildExecution c -> signals.add(unsupported(c.token()));
          case Command.ReadItems r -> signals.add(unsupported(r.token()));
          case Command.WriteResults w -> signals.add(unsupported(w.token()));
          case Command.DispatchTask task -> dispatched(task);
        }
      }
    }

    private void dispatched(Command.DispatchTask task) {
      Deque<Attempt> recorded = attempts.get(task.stateName());
      Attempt attempt = recorded == null ? null : recorded.poll();
      // A task the recording never answered (stopped while it ran) stays unanswered here too; a
      // run that waits for more than was recorded ends where the recording does.
      if (attempt == null) return;
      TaskHandler.Outcome outcome = outcomes.handle(task);
      if (attempt.startEventId() > 0) {
        answers.put(attempt.startEventId(), new Signal.TaskStarted(task.taskToken()));
      }
      switch (outcome) {
        case TaskHandler.Outcome.Success s ->
            answers.put(
                attempt.outcomeEventId(), new Signal.TaskSucceeded(task.taskToken(), s.output()));
        case TaskHandler.Outcome.Failure f ->
            answers.put(
                attempt.outcomeEventId(),
                new Signal.TaskFailed(task.taskToken(), f.error(), f.cause()));
        case TaskHandler.Outcome.NoAnswer n -> {}
      }
    }
  }

  /**
   * StopExecution as recorded: each ExecutionAborted, keyed by the first event of the step that
   * wrote it (a stop writes its states' and iterations' …Aborted events, then ExecutionAborted).
   */
  private static TreeMap<Long, Signal> stops(ArrayNode events) {
    TreeMap<Long, Signal> stops = new TreeMap<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      if (!e.path("type").asText().equals("ExecutionAborted")) continue;
      int first = i;
      while (first > 0 && events.get(first - 1).path("type").asText().endsWith("Aborted")) first--;
      JsonNode details = e.path("executionAbortedEventDetails");
      stops.put(
          events.get(first).path("id").asLong(),
          new Signal.StopRequested(
              details.path("error").asText(null), details.path("cause").asText(null)));
    }
    return stops;
  }

  /** The ids of the recording's ExecutionRedriven events. */
  private static TreeSet<Long> redrives(ArrayNode events) {
    TreeSet<Long> ids = new TreeSet<>();
    for (JsonNode e : events) {
      if (e.path("type").asText().equals("ExecutionRedriven")) ids.add(e.path("id").asLong());
    }
    return ids;
  }

  private static Signal unsupported(String token) {
    return new Signal.TaskFailed(
        token, "States.Runtime", "a recorded run does not run distributed Map children");
  }

  /**
   * For each Task state, its recorded attempts in the order they were scheduled (the order {@link
   * RecordedOutcomes} serves them), with the ids of their start and outcome events.
   */
  private static Map<String, Deque<Attempt>> attempts(ArrayNode events) {
    Map<Long, JsonNode> byId = RecordedOutcomes.byId(events);
    TreeMap<Long, JsonNode> bySchedule = new TreeMap<>();
    for (JsonNode e : events) {
      if (isOutcome(e.path("type").asText())) {
        bySchedule.put(RecordedOutcomes.scheduledId(e, byId), e);
      }
    }
    Map<String, Deque<Attempt>> out = new HashMap<>();
    for (JsonNode e : bySchedule.values()) {
      String state = null;
      JsonNode at = e;
      for (int guard = 0; at != null && guard < 100_000; guard++) {
        if ("TaskStateEntered".equals(at.path("type").asText())) {
          state = at.path("stateEnteredEventDetails").path("name").asText(null);
          break;
        }
        long previous = at.path("previousEventId").asLong(0);
        at = previous == 0 ? null : byId.get(previous);
      }
      if (state != null) {
        out.computeIfAbsent(state, k -> new ArrayDeque<>())
            .add(new Attempt(startOf(e, byId), e.path("id").asLong()));
      }
    }
    return out;
  }

  /**
   * The id of the start between this outcome and its own Scheduled event, 0 if none (a retry's
   * chain also passes the starts of earlier attempts, which do not count).
   */
  private static long startOf(JsonNode outcome, Map<Long, JsonNode> byId) {
    JsonNode at = byId.get(outcome.path("previousEventId").asLong(0));
    for (int guard = 0; at != null && guard < 100_000; guard++) {
      String t = at.path("type").asText();
      if (isStart(t)) return at.path("id").asLong();
      if (t.endsWith("Scheduled") || t.endsWith("StateEntered")) return 0;
      at = byId.get(at.path("previousEventId").asLong(0));
    }
    return 0;
  }

  private static boolean isStart(String type) {
    return type.equals("ActivityStarted")
        || type.equals("TaskStarted")
        || type.equals("LambdaFunctionStarted");
  }

  private static boolean isOutcome(String type) {
    boolean task =
        type.startsWith("Task") && !type.startsWith("TaskState")
            || type.startsWith("LambdaFunction")
            || type.startsWith("Activity");
    return task
        && (type.endsWith("Succeeded") || type.endsWith("Failed") || type.endsWith("TimedOut"));
  }
}
