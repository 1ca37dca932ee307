package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.json.JsonContainment;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionStatistics;
import io.stepwise.engine.service.ExecutionStatisticsService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.MachineActivity;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Executions kept in memory, stepped one signal at a time on a clock the caller controls, for tests
 * of the web UI and approvals without a database. Unlike {@link InMemoryRunner} it does not run to
 * the end: activities (and tasks the handler leaves unanswered) stay pending until {@link
 * #succeedTask} or {@link #failTask}, and timers fire only through {@link #fireDueTimers}, so a
 * test can watch an execution while it runs. Listeners of {@link #watch} hear every step's events.
 * Thread-safe: each execution is stepped under its own lock.
 */
public final class InMemoryExecutions implements ExecutionService, ExecutionStatisticsService {
  private final StateMachineService machines;
  private final InstantSource clock;
  private final TaskHandler handler;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final AtomicLong seeds = new AtomicLong(1);

  /**
   * @param handler serves Task states that are not activities; its {@code NoAnswer} leaves the task
   *     pending
   */
  public InMemoryExecutions(
      StateMachineService machines, InstantSource clock, TaskHandler handler) {
    this.machines = machines;
    this.clock = clock;
    this.handler = handler;
  }

  /** One execution: its definition, snapshot, history, outstanding work and watchers. */
  private static final class Run {
    final StateMachineDefinition definition;
    final ExecutionSnapshot snapshot;
    final List<HistoryEvent> events = new ArrayList<>();
    final Map<String, PendingTask> tasks = new LinkedHashMap<>();
    final Map<String, Instant> timers = new LinkedHashMap<>();
    final List<Consumer<List<HistoryEvent>>> listeners = new CopyOnWriteArrayList<>();

    Run(StateMachineDefinition definition, ExecutionSnapshot snapshot) {
      this.definition = definition;
      this.snapshot = snapshot;
    }
  }

  @Override
  public Page<ExecutionSummary> list(ExecutionQuery query) {
    List<ExecutionSummary> all = new ArrayList<>();
    JsonNode input = searchValue("input", query.inputContains());
    JsonNode output = searchValue("output", query.outputContains());
    for (Run run : runs.values()) {
      ExecutionSummary s = summary(run);
      if (matches(query, s) && matchesContent(query, run, input, output)) all.add(s);
    }
    Comparator<ExecutionSummary> newestFirst =
        Comparator.comparing(ExecutionSummary::startDate)
            .thenComparing(ExecutionSummary::executionArn)
            .reversed();
    all.sort(newestFirst);
    int from = 0;
    if (query.pageToken() != null) {
      // Keyset: the token is the sort key of the last item shown; start after it.
      ExecutionSummary last = fromToken(query.pageToken());
      while (from < all.size() && newestFirst.compare(all.get(from), last) <= 0) from++;
    }
    int size = Math.max(1, query.pageSize());
    int to = Math.min(all.size(), from + size);
    List<ExecutionSummary> items = List.copyOf(all.subList(from, to));
    String next = to < all.size() ? token(items.getLast()) : null;
    return new Page<>(items, next);
  }

  private static boolean matches(ExecutionQuery q, ExecutionSummary s) {
    // No Map Run has children here: this service does not run distributed Maps.
    return q.mapRunArn() == null
        && (q.stateMachineArn() == null || q.stateMachineArn().equals(s.stateMachineArn()))
        && (q.status() == null || q.status() == s.status())
        && (q.namePrefix() == null || s.name().startsWith(q.namePrefix()))
        && (q.startedAfter() == null || !s.startDate().isBefore(q.startedAfter()))
        && (q.startedBefore() == null || s.startDate().isBefore(q.startedBefore()));
  }

  /** Error, cause, input and output filters, read from the execution's snapshot. */
  private static boolean matchesContent(
      ExecutionQuery q, Run run, JsonNode input, JsonNode output) {
    synchronized (run) {
      ExecutionSnapshot s = run.snapshot;
      if (q.errorName() != null && !q.errorName().equals(s.error())) return false;
      if (q.causeContains() != null
          && (s.cause() == null
              || !s.cause()
                  .toLowerCase(Locale.ROOT)
                  .contains(q.causeContains().toLowerCase(Locale.ROOT)))) {
        return false;
      }
      if (input != null && (s.input() == null || !JsonContainment.contains(s.input(), input))) {
        return false;
      }
      return output == null
          || (s.status() == ExecutionStatus.SUCCEEDED
              && s.output() != null
              && JsonContainment.contains(s.output(), output));
    }
  }

  private static JsonNode searchValue(String field, String json) {
    if (json == null) return null;
    try {
      return Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new ServiceException(
          "ValidationException",
          "The " + field + " to search for is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String token(ExecutionSummary s) {
    return s.startDate().toEpochMilli() + "|" + s.executionArn();
  }

  private static ExecutionSummary fromToken(String token) {
    int bar = token.indexOf('|');
    if (bar < 0) throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
    try {
      Instant start = Instant.ofEpochMilli(Long.parseLong(token.substring(0, bar)));
      return new ExecutionSummary(token.substring(bar + 1), "", "", "", null, start, null);
    } catch (NumberFormatException e) {
      throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
    }
  }

  @Override
  public ExecutionStatistics statistics(
      String stateMachineArn, Instant since, Instant until, java.time.Duration bucket) {
    List<ExecutionStatisticsBuilder.Seen> seen = new ArrayList<>();
    for (Run run : runs.values()) {
      synchronized (run) {
        ExecutionSummary s = summary(run);
        if (stateMachineArn != null && !stateMachineArn.equals(s.stateMachineArn())) continue;
        List<Instant> entered = new ArrayList<>();
        for (HistoryEvent e : run.events) {
          if (e.type().awsName().endsWith("StateEntered")) entered.add(e.timestamp());
        }
        seen.add(new ExecutionStatisticsBuilder.Seen(s, run.snapshot.error(), entered));
      }
    }
    return ExecutionStatisticsBuilder.of(seen, since, until, bucket, clock.instant());
  }

  @Override
  public Map<String, MachineActivity> activity(Instant since) {
    Map<String, MachineActivity> out = new LinkedHashMap<>();
    for (Run run : runs.values()) {
      ExecutionSummary s;
      synchronized (run) {
        s = summary(run);
      }
      MachineActivity a =
          out.getOrDefault(
              s.stateMachineArn(), new MachineActivity(s.stateMachineArn(), null, 0, 0, 0, 0));
      boolean recent = !s.startDate().isBefore(since);
      ExecutionSummary latest =
          a.latest() == null || s.startDate().isAfter(a.latest().startDate()) ? s : a.latest();
      out.put(
          s.stateMachineArn(),
          new MachineActivity(
              s.stateMachineArn(),
              latest,
              a.started() + (recent ? 1 : 0),
              a.succeeded() + (recent && s.status() == ExecutionStatus.SUCCEEDED ? 1 : 0),
              a.ended() + (recent && s.stopDate() != null ? 1 : 0),
              a.running() + (s.status() == ExecutionStatus.RUNNING ? 1 : 0)));
    }
    return out;
  }

  @Override
  public Optional<ExecutionDetail> describe(String executionArn) {
    Run run = executionArn == null ? null : runs.get(executionArn);
    if (run == null) return Optional.empty();
    synchronized (run) {
      ExecutionSnapshot s = run.snapshot;
      return Optional.of(
          new ExecutionDetail(
              summary(run),
              Json.write(s.input()),
              s.status() == ExecutionStatus.SUCCEEDED && s.output() != null
                  ? Json.write(s.output())
                  : null,
              s.error(),
              s.cause(),
              s.redriveCount()));
    }
  }

  @Override
  public List<HistoryEvent> history(String executionArn, long afterEventId, int max) {
    Run run = existing(executionArn);
    synchronized (run) {
      // Event ids are dense and 1-based, so the id is the index plus one.
      int from = (int) Math.min(Math.max(afterEventId, 0), run.events.size());
      int to = (int) Math.min(run.events.size(), (long) from + Math.max(0, max));
      return List.copyOf(run.events.subList(from, to));
    }
  }

  @Override
  public ExecutionSummary start(String stateMachineArn, String name, String input) {
    StateMachineDetail machine =
        machines
            .describe(stateMachineArn)
            .orElseThrow(
                () ->
                    new ServiceException(
                        "StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + stateMachineArn + "'"));
    String executionName = name == null || name.isBlank() ? UUID.randomUUID().toString() : name;
    if (!executionName.matches("[A-Za-z0-9_-]{1,80}")) {
      throw new ServiceException("InvalidName", "Invalid Name: '" + executionName + "'");
    }
    JsonNode inputJson;
    try {
      inputJson = Json.parse(input == null || input.isBlank() ? "{}" : input);
    } catch (JsonProcessingException e) {
      throw new ServiceException(
          "InvalidExecutionInput",
          "Invalid State Machine Execution Input: " + e.getOriginalMessage());
    }
    String arn = machine.arn().replace(":stateMachine:", ":execution:") + ":" + executionName;
    ExecutionSnapshot snapshot =
        ExecutionSnapshot.create(
            arn,
            executionName,
            machine.arn(),
            machine.name(),
            machine.roleArn(),
            inputJson,
            clock.instant(),
            seeds.getAndIncrement());
    Run run = new Run(machine.parsed(), snapshot);
    if (runs.putIfAbsent(arn, run) != null) {
      throw new ServiceException(
          "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
    }
    signal(run, new Signal.Started());
    return summary(run);
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    Run run = existing(executionArn);
    signal(run, new Signal.StopRequested(error, cause));
  }

  @Override
  public ExecutionSummary redrive(String executionArn) {
    Run run = existing(executionArn);
    synchronized (run) {
      StepResult redriven =
          Interpreter.redrive(run.definition, run.snapshot, clock.instant(), Ports.STANDARD);
      if (redriven == null) {
        throw new ServiceException(
            "ExecutionNotRedrivable",
            "Execution '" + executionArn + "' is not redrivable: it is " + run.snapshot.status());
      }
      Deque<Signal> signals = new ArrayDeque<>();
      apply(run, redriven, signals);
      // What runs again waits for a timer due at once: fire it now.
      for (Command c : redriven.commands()) {
        if (c instanceof Command.StartTimer t
            && !t.dueAt().isAfter(clock.instant())
            && run.timers.remove(t.timerId()) != null) {
          signals.add(new Signal.TimerFired(t.timerId()));
        }
      }
      drain(run, signals);
      return summary(run);
    }
  }

  /** In memory there are no callers to tell apart (tests, the CLI): everyone may. */
  @Override
  public void requireTrialRun(String executionArn) {}

  @Override
  public AutoCloseable watch(String executionArn, Consumer<List<HistoryEvent>> listener) {
    Run run = existing(executionArn);
    run.listeners.add(listener);
    return () -> run.listeners.remove(listener);
  }

  /** The tasks the execution waits for, oldest first. */
  public List<PendingTask> pendingTasks(String executionArn) {
    Run run = existing(executionArn);
    synchronized (run) {
      return List.copyOf(run.tasks.values());
    }
  }

  /** Completes a pending task with its output (JSON text), as SendTaskSuccess does. */
  public void succeedTask(String taskToken, String output) {
    Run run = owner(taskToken);
    PendingTask task;
    synchronized (run) {
      task = run.tasks.get(taskToken);
    }
    if (task.resource().kind() == Resource.Kind.ACTIVITY) {
      signal(run, new Signal.TaskStarted(taskToken));
    }
    signal(run, new Signal.TaskSucceeded(taskToken, Json.parseTrusted(output)));
  }

  /** Fails a pending task, as SendTaskFailure does. */
  public void failTask(String taskToken, String error, String cause) {
    Run run = owner(taskToken);
    signal(run, new Signal.TaskFailed(taskToken, error, cause));
  }

  /** Fires every timer of every execution that is due at the clock's current time. */
  public void fireDueTimers() {
    Instant now = clock.instant();
    for (Run run : runs.values()) {
      List<String> due = new ArrayList<>();
      synchronized (run) {
        run.timers.forEach(
            (id, at) -> {
              if (!at.isAfter(now)) due.add(id);
            });
      }
      for (String id : due) {
        synchronized (run) {
          if (run.timers.remove(id) == null) continue;
        }
        signal(run, new Signal.TimerFired(id));
      }
    }
  }

  private Run owner(String taskToken) {
    for (Run run : runs.values()) {
      synchronized (run) {
        if (run.tasks.containsKey(taskToken)) return run;
      }
    }
    throw new ServiceException("TaskDoesNotExist", "Task Does Not Exist: '" + taskToken + "'");
  }

  private Run existing(String executionArn) {
    Run run = executionArn == null ? null : runs.get(executionArn);
    if (run == null) {
      throw new ServiceException(
          "ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
    }
    return run;
  }

  /** Steps the execution with the signal and any answers that follow at once, telling watchers. */
  private void signal(Run run, Signal first) {
    synchronized (run) {
      Deque<Signal> signals = new ArrayDeque<>();
      signals.add(first);
      drain(run, signals);
    }
  }

  /** Steps the execution with each signal in turn, and with the answers that follow at once. */
  private void drain(Run run, Deque<Signal> signals) {
    while (!signals.isEmpty()) {
      apply(
          run,
          Interpreter.step(
              run.definition, run.snapshot, signals.poll(), clock.instant(), Ports.STANDARD),
          signals);
    }
  }

  /** Records a step's events, carries out its commands and tells the watchers. */
  private void apply(Run run, StepResult result, Deque<Signal> signals) {
    run.events.addAll(result.events());
    for (Command command : result.commands()) carryOut(run, command, signals);
    if (run.snapshot.status().isTerminal()) {
      run.tasks.clear();
      run.timers.clear();
    }
    if (!result.events().isEmpty()) {
      // Under the lock, so every watcher sees the batches in history order.
      for (Consumer<List<HistoryEvent>> listener : run.listeners) {
        try {
          listener.accept(result.events());
        } catch (RuntimeException e) {
          // A broken watcher must not break the execution it watches.
          run.listeners.remove(listener);
        }
      }
    }
  }

  private void carryOut(Run run, Command command, Deque<Signal> signals) {
    switch (command) {
      case Command.DispatchTask task -> {
        PendingTask pending =
            new PendingTask(
                run.snapshot.executionArn(),
                task.taskToken(),
                task.stateName(),
                task.resource(),
                task.input());
        if (task.resource().kind() == Resource.Kind.ACTIVITY) {
          run.tasks.put(task.taskToken(), pending);
          return;
        }
        switch (handler.handle(task)) {
          case TaskHandler.Outcome.Success s ->
              signals.add(new Signal.TaskSucceeded(task.taskToken(), s.output()));
          case TaskHandler.Outcome.Failure f ->
              signals.add(new Signal.TaskFailed(task.taskToken(), f.error(), f.cause()));
          case TaskHandler.Outcome.NoAnswer n -> run.tasks.put(task.taskToken(), pending);
        }
      }
      case Command.CancelTask t -> run.tasks.remove(t.taskToken());
      case Command.StartTimer t -> run.timers.put(t.timerId(), t.dueAt());
      case Command.CancelTimer t -> run.timers.remove(t.timerId());
      case Command.StartChildExecution c -> signals.add(unsupported(c.token()));
      case Command.ReadItems r -> signals.add(unsupported(r.token()));
      case Command.WriteResults w -> signals.add(unsupported(w.token()));
    }
  }

  private static Signal unsupported(String token) {
    return new Signal.TaskFailed(
        token, "States.Runtime", "The in-memory execution service does not run distributed Maps");
  }

  private static ExecutionSummary summary(Run run) {
    synchronized (run) {
      ExecutionSnapshot s = run.snapshot;
      return new ExecutionSummary(
          s.executionArn(),
          s.executionName(),
          s.stateMachineArn(),
          s.stateMachineName(),
          s.status(),
          s.startTime(),
          s.status().isTerminal() ? s.stopTime() : null);
    }
  }
}
