package io.stepwise.web.execution;

import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.graph.StateIndex;
import io.stepwise.web.page.Paths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads executions for the pages: their detail, their whole history folded, their graph. */
@ApplicationScoped
public class ExecutionViews {
  /** Histories are read in chunks of this many events. */
  static final int CHUNK = 1000;

  private final ExecutionService executions;
  private final StateMachineService machines;
  private final DefinitionDrawings drawings;
  private final WorkerPolls polls;

  @Inject
  public ExecutionViews(
      ExecutionService executions,
      StateMachineService machines,
      DefinitionDrawings drawings,
      Instance<WorkerPolls> polls) {
    this(
        executions,
        machines,
        drawings,
        polls.isResolvable() ? polls.get() : resource -> java.util.Optional.empty());
  }

  /** Views for a server that does not know workers' polls (and for tests). */
  public ExecutionViews(
      ExecutionService executions, StateMachineService machines, DefinitionDrawings drawings) {
    this(executions, machines, drawings, resource -> java.util.Optional.empty());
  }

  private ExecutionViews(
      ExecutionService executions,
      StateMachineService machines,
      DefinitionDrawings drawings,
      WorkerPolls polls) {
    this.executions = executions;
    this.machines = machines;
    this.drawings = drawings;
    this.polls = polls;
  }

  /** The execution, or a 404. */
  public ExecutionDetail detail(String executionArn) {
    return executions
        .describe(executionArn)
        .orElseThrow(() -> new NotFoundException("No execution " + executionArn));
  }

  /** The machine the execution runs (a Map Run's child: its Map's ItemProcessor), or null. */
  public StateMachineDetail machine(ExecutionDetail detail) {
    return machines.describeForExecution(detail.summary()).orElse(null);
  }

  /** An empty progress for the machine's states. */
  public ExecutionProgress progress(StateMachineDetail machine) {
    return new ExecutionProgress(
        machine == null ? new StateGraph("", Map.of()) : machine.parsed().graph());
  }

  /** Folds the whole history (read in chunks) into {@code progress}. */
  public void readHistory(String executionArn, ExecutionProgress progress) {
    while (true) {
      List<HistoryEvent> chunk = executions.history(executionArn, progress.lastEventId(), CHUNK);
      progress.apply(chunk);
      if (chunk.size() < CHUNK) return;
    }
  }

  /** The page's view: detail, history folded, graph painted. */
  public ExecutionView view(String executionArn, Instant now) {
    ExecutionDetail detail = detail(executionArn);
    StateMachineDetail machine = machine(detail);
    ExecutionProgress progress = progress(machine);
    readHistory(executionArn, progress);
    return view(detail, machine, progress, now);
  }

  /** A view from a progress already folded (the live stream keeps its own). */
  public ExecutionView view(
      ExecutionDetail detail, StateMachineDetail machine, ExecutionProgress progress, Instant now) {
    return new ExecutionView(detail, machine, progress, graph(machine, progress), now);
  }

  public PaintedGraph graph(StateMachineDetail machine, ExecutionProgress progress) {
    if (machine == null) return null;
    return PaintedGraph.paintExecution(
        drawings.of(machine.definition(), machine.parsed()), progress.paints(), progress.path());
  }

  /** A window of the history. */
  public HistoryPage history(String executionArn, long after, long total, Instant start) {
    long from = Math.max(0, after);
    List<HistoryRow> rows =
        executions.history(executionArn, from, HistoryPage.SIZE).stream()
            .map(e -> HistoryRow.of(e, start))
            .toList();
    return new HistoryPage(
        Paths.execution(executionArn), rows, from, Math.max(total, from + rows.size()));
  }

  /**
   * The panel of one state: one visit's input, output and failure (the visit entered at event
   * {@code visit}, or by default the latest, or the latest that failed when the state failed), its
   * other visits to pick from and, for a Map state, its iterations.
   */
  public StateDetail state(String executionArn, String stateName, long visit) {
    ExecutionDetail detail = detail(executionArn);
    StateMachineDetail machine = machine(detail);
    ExecutionProgress progress = progress(machine);
    readHistory(executionArn, progress);
    StateRecord record = visit > 0 ? progress.state(stateName, visit) : progress.state(stateName);
    HistoryEvent entered = event(executionArn, record.lastEnteredEventId());
    HistoryEvent exited = event(executionArn, record.lastExitedEventId());
    HistoryEvent failure = event(executionArn, record.lastFailureEventId());
    List<IterationRecord> iterations = progress.iterationsOf(stateName);
    IterationRecord shown =
        iterations.stream()
            .filter(i -> i.status() == StateStatus.FAILED)
            .findFirst()
            .orElse(iterations.isEmpty() ? null : iterations.getFirst());
    return new StateDetail(
        Paths.execution(executionArn),
        record,
        waitingFor(executionArn, machine, progress, record),
        machine == null ? "" : typeOf(machine.parsed().graph(), stateName),
        entered == null ? "" : StateDetail.json(entered.details(), "input"),
        exited == null ? "" : StateDetail.json(exited.details(), "output"),
        failure == null ? "" : failure.type().awsName(),
        failure == null || failure.details() == null
            ? ""
            : io.stepwise.web.page.PrettyJson.of(failure.details()),
        progress.visitsOf(stateName),
        iterations,
        shown == null ? null : iteration(executionArn, stateName, shown),
        mapRun(executionArn, record.lastEnteredEventId()),
        waitingTaskResource(executionArn, progress, record));
  }

  /** Events a distributed Map writes between its StateEntered and its MapRunStarted. */
  private static final int MAP_RUN_START_WITHIN = 4;

  /**
   * The Map Run a distributed Map's visit entered at {@code enteredEventId} started, from its
   * MapRunStarted event (MapStateEntered, MapStateStarted, MapRunStarted in AWS's histories), or
   * null for any other state.
   */
  private String mapRun(String executionArn, long enteredEventId) {
    if (enteredEventId <= 0) return null;
    for (HistoryEvent e : executions.history(executionArn, enteredEventId, MAP_RUN_START_WITHIN)) {
      if (e.type() == HistoryEventType.MAP_RUN_STARTED && e.details() != null) {
        String arn = e.details().path("mapRunArn").asText("");
        return arn.isEmpty() ? null : arn;
      }
    }
    return null;
  }

  /** The resource whose worker the state's open Task visit waits for, or null. */
  private String waitingTaskResource(
      String executionArn, ExecutionProgress progress, StateRecord record) {
    StateVisit visit = openVisit(progress, record);
    if (visit == null || visit.scheduledEventId() <= 0) return null;
    HistoryEvent scheduled = event(executionArn, visit.scheduledEventId());
    String resource =
        scheduled == null || scheduled.details() == null
            ? ""
            : scheduled.details().path("resource").asText("");
    return resource.isEmpty() ? null : resource;
  }

  private static StateVisit openVisit(ExecutionProgress progress, StateRecord record) {
    if (record.status() != StateStatus.RUNNING) return null;
    return progress.visitsOf(record.name()).stream()
        .filter(v -> v.enteredEventId() == record.lastEnteredEventId() && v.end() == null)
        .findFirst()
        .orElse(null);
  }

  /** What the state's open visit waits for, in sentences; empty when it does not wait. */
  private List<String> waitingFor(
      String executionArn,
      StateMachineDetail machine,
      ExecutionProgress progress,
      StateRecord record) {
    if (machine == null) return List.of();
    StateVisit visit = openVisit(progress, record);
    if (visit == null) return List.of();
    State state = new StateIndex(machine.parsed().graph()).state(record.name());
    if (state instanceof io.stepwise.engine.asl.WaitState) {
      return WaitingFor.wait(state, event(executionArn, visit.enteredEventId()));
    }
    HistoryEvent scheduled = event(executionArn, visit.scheduledEventId());
    String resource =
        scheduled == null || scheduled.details() == null
            ? ""
            : scheduled.details().path("resource").asText("");
    java.util.Optional<Instant> lastPoll =
        resource.isEmpty() ? java.util.Optional.empty() : polls.lastPoll(resource);
    return WaitingFor.task(
        scheduled, event(executionArn, visit.startedEventId()), lastPoll, Instant.now());
  }

  /** One inline Map iteration of {@code mapName}: its input, output and error. */
  public IterationDetail iteration(String executionArn, String mapName, int index) {
    ExecutionDetail detail = detail(executionArn);
    ExecutionProgress progress = progress(machine(detail));
    readHistory(executionArn, progress);
    return progress.iterationsOf(mapName).stream()
        .filter(i -> i.index() == index)
        .findFirst()
        .map(i -> iteration(executionArn, mapName, i))
        .orElseThrow(() -> new NotFoundException("No iteration " + index + " of " + mapName));
  }

  private IterationDetail iteration(String executionArn, String mapName, IterationRecord i) {
    HistoryEvent entered = event(executionArn, i.firstEnteredEventId());
    HistoryEvent exited =
        i.status() == StateStatus.SUCCEEDED ? event(executionArn, i.lastExitedEventId()) : null;
    HistoryEvent failure = event(executionArn, i.failureEventId());
    return new IterationDetail(
        mapName,
        i,
        entered == null ? "" : StateDetail.json(entered.details(), "input"),
        exited == null ? "" : StateDetail.json(exited.details(), "output"),
        failure == null || failure.details() == null
            ? ""
            : io.stepwise.web.page.PrettyJson.of(failure.details()));
  }

  private HistoryEvent event(String executionArn, long id) {
    if (id <= 0) return null;
    List<HistoryEvent> one = executions.history(executionArn, id - 1, 1);
    return one.isEmpty() ? null : one.getFirst();
  }

  private static String typeOf(StateGraph graph, String name) {
    for (State s : graph.states().values()) {
      if (s.name().equals(name)) return s.typeName();
      List<StateGraph> inner =
          switch (s) {
            case io.stepwise.engine.asl.ParallelState p -> p.branches();
            case io.stepwise.engine.asl.MapState m ->
                m.itemProcessor() == null ? List.of() : List.of(m.itemProcessor());
            default -> List.of();
          };
      for (StateGraph g : inner) {
        String t = typeOf(g, name);
        if (!t.isEmpty()) return t;
      }
    }
    return "";
  }

  /** A refusal's message for the page, e.g. "ExecutionNotRedrivable: ...". */
  public static String message(ServiceException e) {
    return e.code() + ": " + e.getMessage();
  }
}
