package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.ChoiceRule;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.FailState;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.PassState;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.SucceedState;
import io.stepwise.engine.asl.TaskState;
import io.stepwise.engine.asl.WaitState;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.port.Ports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One interpreter step in progress: applies a signal to a snapshot, runs every frame as far as it
 * can go, and collects the events and commands. Used once, then dropped.
 */
final class ExecutionStep {
  /**
   * The timer that ends the execution (TimeoutSeconds or the maximum duration). Snapshots written
   * before the maximum was the interpreter's may name another (a runtime's own); the snapshot's
   * {@code executionTimerId} is the one that counts.
   */
  static final String EXECUTION_TIMER = "#execution-timeout";

  final StateMachineDefinition definition;
  final ExecutionSnapshot snapshot;
  final Instant now;
  final Ports ports;
  final SeededRandom random;
  final List<HistoryEvent> events = new ArrayList<>();
  final List<Command> commands = new ArrayList<>();

  /** Payload sizes known in this step (values are immutable, so sizes stay true). */
  final PayloadSize sizes = new PayloadSize();

  final TaskStep tasks = new TaskStep(this);
  final FanOutStep fanOut = new FanOutStep(this);
  final MapRunStep mapRuns = new MapRunStep(this);

  ExecutionStep(
      StateMachineDefinition definition, ExecutionSnapshot snapshot, Instant now, Ports ports) {
    this.definition = definition;
    this.snapshot = snapshot;
    this.now = now;
    this.ports = ports;
    this.random = new SeededRandom(snapshot);
  }

  // ---- events and ids

  /**
   * Records an event that follows from the frame's last one and becomes its last one. AWS's
   * previousEventId is the event a frame's line goes on from; without a frame (the execution's own
   * start), the event before.
   */
  long emit(Frame frame, HistoryEventType type, ObjectNode details) {
    long previous = frame != null ? frame.lastEventId : snapshot.lastEventId;
    return record(frame, previous, type, details, true);
  }

  /**
   * Records an event beside the frame's line: it follows from {@code previous}, but the frame's
   * next event does not follow from it. AWS does so for a fan-out's success, which the state's exit
   * does not follow from (map/map_state, map/map_state_config_distributed_item_selector_
   * parameters).
   */
  long emitAside(Frame frame, long previous, HistoryEventType type, ObjectNode details) {
    return record(frame, previous, type, details, false);
  }

  private long record(
      Frame frame, long previous, HistoryEventType type, ObjectNode details, boolean advance) {
    if (frame != null && frame.silent) return frame.lastEventId;
    if (HistoryLimit.passedBy(snapshot.lastEventId + 1, type)) throw new HistoryLimit.Reached();
    long id = ++snapshot.lastEventId;
    events.add(new HistoryEvent(id, previous, type, now, details));
    if (frame != null && advance) frame.lastEventId = id;
    if (id == snapshot.haltAfterEventId) throw new HaltedException();
    return id;
  }

  /**
   * A new task token: the frame's path (so a signal finds its frame), a sequence number, and a
   * secret from the runtime's token source, never from the execution's seeded randomness.
   */
  String newToken(Frame frame) {
    return frame.id + "#" + (++snapshot.sequence) + "#" + ports.tokens().newSecret();
  }

  String newTimerId(Frame frame) {
    return frame.id + "#t" + (++snapshot.sequence);
  }

  // ---- the execution as a whole

  void start() {
    ObjectNode details = io.stepwise.engine.json.Json.object();
    details.set("input", snapshot.input);
    ObjectNode inputDetails = details.putObject("inputDetails");
    inputDetails.put("truncated", false);
    if (snapshot.roleArn != null) details.put("roleArn", snapshot.roleArn);
    // AWS names the machine only when a version or alias was used (every recorded history).
    if (snapshot.stateMachineVersionArn != null) {
      details.put("stateMachineVersionArn", snapshot.stateMachineVersionArn);
    }
    if (snapshot.stateMachineAliasArn != null) {
      details.put("stateMachineAliasArn", snapshot.stateMachineAliasArn);
    }
    emit(null, HistoryEventType.EXECUTION_STARTED, details);
    // The first state follows from event 0, not from ExecutionStarted (every recorded history).
    Frame root = Frame.root();
    snapshot.root = root;
    snapshot.executionTimerId = EXECUTION_TIMER;
    commands.add(new Command.StartTimer(EXECUTION_TIMER, executionDeadline(snapshot.startTime)));
    root.stateName = definition.graph().startAt();
    root.stateInput = snapshot.input;
    run(root, definition.graph());
    finishExecutionIfDone();
  }

  /**
   * When an execution counted from {@code from} times out: at its definition's TimeoutSeconds, and
   * at the latest at the maximum duration of its type (AWS: a year for Standard, five minutes for
   * Express), in every runtime.
   */
  Instant executionDeadline(Instant from) {
    Instant latest = from.plus(snapshot.maxDuration());
    Integer timeoutSeconds = definition.timeoutSeconds();
    if (timeoutSeconds == null) return latest;
    Instant timeout = from.plusSeconds(timeoutSeconds);
    return timeout.isBefore(latest) ? timeout : latest;
  }

  void finishExecutionIfDone() {
    Frame root = snapshot.root;
    if (snapshot.status.isTerminal() || !root.isFinished()) return;
    if (root.phase == Frame.Phase.DONE) {
      snapshot.status = ExecutionStatus.SUCCEEDED;
      snapshot.output = root.output;
      emit(root, HistoryEventType.EXECUTION_SUCCEEDED, EventDetails.output(root.output));
    } else {
      snapshot.status = ExecutionStatus.FAILED;
      snapshot.error = root.error;
      snapshot.cause = root.cause;
      emit(
          root, HistoryEventType.EXECUTION_FAILED, EventDetails.errorCause(root.error, root.cause));
    }
    snapshot.stopTime = now;
    if (snapshot.executionTimerId != null) {
      commands.add(new Command.CancelTimer(snapshot.executionTimerId));
    }
  }

  /** Ends a running execution from outside (stop or execution timeout). */
  void terminate(ExecutionStatus status, HistoryEventType type, String error, String cause) {
    cancelOutstanding(snapshot.root);
    snapshot.status = status;
    snapshot.error = error;
    snapshot.cause = cause;
    snapshot.stopTime = now;
    emit(snapshot.root, type, EventDetails.errorCause(error, cause));
    if (snapshot.executionTimerId != null && status != ExecutionStatus.TIMED_OUT) {
      commands.add(new Command.CancelTimer(snapshot.executionTimerId));
    }
  }

  /** Cancels every task and timer a frame and its children still wait for. */
  void cancelOutstanding(Frame frame) {
    if (frame == null || frame.isFinished()) return;
    if (frame.taskToken != null) commands.add(new Command.CancelTask(frame.taskToken));
    for (String timer :
        new String[] {frame.timerId, frame.timeoutTimerId, frame.heartbeatTimerId}) {
      if (timer != null) commands.add(new Command.CancelTimer(timer));
    }
    frame.taskToken = null;
    frame.timerId = null;
    frame.timeoutTimerId = null;
    frame.heartbeatTimerId = null;
    if (frame.children != null) for (Frame child : frame.children) cancelOutstanding(child);
  }

  // ---- running frames

  /** Runs a frame until it waits or finishes. A READY frame is about to enter its state. */
  void run(Frame frame, StateGraph graph) {
    while (frame.phase == Frame.Phase.READY) {
      State state = graph.state(frame.stateName);
      frame.enteredTime = now;
      frame.recoverable = state instanceof io.stepwise.engine.asl.Recoverable;
      frame.retryAttempts = null;
      frame.retryCount = 0;
      frame.enteredAfterEventId = frame.lastEventId;
      frame.enteredEventId =
          emit(
              frame,
              HistoryEventType.entered(state.typeName()),
              EventDetails.stateEntered(state.name(), frame.stateInput));
      execute(frame, graph, state);
    }
  }

  /** Runs (or re-runs, on retry) the current state's work. */
  void execute(Frame frame, StateGraph graph, State state) {
    frame.phase = Frame.Phase.WAITING_TASK; // any non-READY value until the state decides
    try {
      switch (state) {
        case PassState s -> pass(frame, graph, s);
        case ChoiceState s -> choice(frame, graph, s);
        case WaitState s -> WaitStep.start(this, frame, graph, s);
        case SucceedState s -> succeed(frame, s);
        case FailState s -> failState(frame, graph, s);
        case TaskState s -> tasks.start(frame, graph, s);
        case ParallelState s -> fanOut.startParallel(frame, graph, s);
        case MapState s -> fanOut.startMap(frame, graph, s);
      }
    } catch (StatesException e) {
      fail(frame, graph, state, e);
    }
  }

  DataScope scope(Frame frame, JsonNode data) {
    return scope(frame, data, (String) null);
  }

  DataScope scope(Frame frame, JsonNode data, String taskToken) {
    return scopeWithContext(frame, data, () -> ContextObject.build(snapshot, frame, taskToken));
  }

  /** A scope over data with that context object, the frame's variables and the step's time. */
  DataScope scopeWithContext(
      Frame frame, JsonNode data, java.util.function.Supplier<JsonNode> context) {
    return new DataScope(data, context, random, Variables.visible(frame), now, ports.budget());
  }

  static boolean jsonata(State state) {
    return state.base().queryLanguage() == QueryLanguage.JSONATA;
  }

  private void pass(Frame frame, StateGraph graph, PassState s) {
    DataScope scope = scope(frame, frame.stateInput);
    if (jsonata(s)) {
      leave(frame, graph, s, scope, DataFlow.output(s.base().output(), scope, frame.stateInput));
      return;
    }
    JsonNode effective = DataFlow.select(s.base().inputPath(), scope, frame.stateInput);
    JsonNode parameters = DataFlow.template(s.parameters(), scope.withInput(effective));
    JsonNode result = s.result() != null ? s.result() : parameters;
    JsonNode output = DataFlow.placeResult(s.resultPath(), frame.stateInput, result, sizes);
    // JSONPath Assign reads the state's result (variables/state_assign_evaluation_order_...).
    leave(
        frame,
        graph,
        s,
        scope.withInput(result),
        DataFlow.select(s.base().outputPath(), scope, output));
  }

  private void choice(Frame frame, StateGraph graph, ChoiceState s) {
    DataScope scope = scope(frame, frame.stateInput);
    boolean jsonata = jsonata(s);
    JsonNode effective =
        jsonata ? frame.stateInput : DataFlow.select(s.base().inputPath(), scope, frame.stateInput);
    DataScope effectiveScope = scope.withInput(effective);
    ChoiceRule.Branch branch = ChoiceEvaluator.choose(s, effectiveScope);
    // The matched rule's Assign and Output, else the state's own
    // (variables/assign_in_choice_state_correct).
    Template assign = branch != null ? branch.assign() : s.base().assign();
    JsonNode output =
        jsonata
            ? DataFlow.output(
                branch != null ? branch.output() : s.base().output(), scope, effective)
            : DataFlow.select(s.base().outputPath(), scope, effective);
    ObjectNode assigned = Variables.evaluate(assign, effectiveScope);
    Variables.apply(frame, assigned);
    emitExited(frame, s, output, assigned);
    moveTo(frame, branch != null ? branch.next() : s.defaultNext(), output);
  }

  private void succeed(Frame frame, SucceedState s) {
    DataScope scope = scope(frame, frame.stateInput);
    JsonNode output;
    if (jsonata(s)) {
      output = DataFlow.output(s.base().output(), scope, frame.stateInput);
    } else {
      JsonNode effective = DataFlow.select(s.base().inputPath(), scope, frame.stateInput);
      output = DataFlow.select(s.base().outputPath(), scope, effective);
    }
    emitExited(frame, s, output);
    frame.output = output;
    frame.phase = Frame.Phase.DONE;
  }

  private void failState(Frame frame, StateGraph graph, FailState s) {
    DataScope scope = scope(frame, frame.stateInput);
    String error = FailStep.text(s.error(), scope);
    String cause = FailStep.text(s.cause(), scope);
    frameFailed(frame, error, cause);
  }

  // ---- leaving a state

  /**
   * The state produced its output: evaluate its Assign against {@code assignScope}, then assign,
   * record the exit and go on. Output was computed before, so it saw the old variables.
   */
  void leave(Frame frame, StateGraph graph, State state, DataScope assignScope, JsonNode output) {
    ObjectNode assigned = Variables.evaluate(state.base().assign(), assignScope);
    Variables.apply(frame, assigned);
    complete(frame, graph, state, output, assigned);
  }

  /** The state produced its output: check its size, record the exit, go on. */
  void complete(Frame frame, StateGraph graph, State state, JsonNode output) {
    complete(frame, graph, state, output, null);
  }

  void complete(Frame frame, StateGraph graph, State state, JsonNode output, ObjectNode assigned) {
    if (sizes.exceedsLimit(output)) {
      throw new StatesException(
          ErrorNames.DATA_LIMIT_EXCEEDED,
          "The state/task '"
              + state.name()
              + "' returned a result with a size exceeding the maximum number of bytes service"
              + " limit.");
    }
    emitExited(frame, state, output, assigned);
    String next = state.base().transition() == null ? null : state.base().transition().next();
    if (next == null) {
      frame.output = output;
      frame.phase = Frame.Phase.DONE;
    } else {
      moveTo(frame, next, output);
    }
  }

  void emitExited(Frame frame, State state, JsonNode output) {
    emitExited(frame, state, output, null);
  }

  void emitExited(Frame frame, State state, JsonNode output, ObjectNode assigned) {
    HistoryEventType exited = HistoryEventType.exited(state.typeName());
    if (exited != null) {
      emit(frame, exited, EventDetails.stateExited(state.name(), output, assigned));
    }
  }

  void moveTo(Frame frame, String next, JsonNode input) {
    frame.stateName = next;
    frame.stateInput = input;
    frame.effectiveInput = null;
    frame.phase = Frame.Phase.READY;
  }

  // ---- failures

  void fail(Frame frame, StateGraph graph, State state, StatesException e) {
    String cause = causeOf(frame, state, e);
    Runnable givingUp = () -> {};
    if (ErrorNames.QUERY_EVALUATION_ERROR.equals(e.error())) {
      // AWS records the failed evaluation first
      // (variables/undefined_reference_base_undefined_output);
      // a Map that fails before starting its iterations also records MapStateFailed
      // (map/map_state_items_input_types_boolean).
      evaluationFailed(frame, state, e, cause);
      if (state instanceof MapState && frame.children == null) {
        givingUp = () -> emit(frame, HistoryEventType.MAP_STATE_FAILED, null);
      }
    }
    Recovery.handle(this, frame, graph, state, e.error(), cause, givingUp);
  }

  /** Fails the frame without Retry or Catch (an error inside a Catcher's own fields). */
  void failUnrecoverably(Frame frame, State state, StatesException e) {
    String cause = causeOf(frame, state, e);
    if (ErrorNames.QUERY_EVALUATION_ERROR.equals(e.error())) {
      evaluationFailed(frame, state, e, cause);
    }
    frameFailed(frame, e.error(), cause);
  }

  /**
   * An EvaluationFailed event. While the state has recorded nothing but its entry, AWS has it
   * follow from the event the entry followed from (variables/undefined_reference_base_undefined_
   * output, map/map_state_items_eval_jsonata_fail_boolean); a Wait state's Timestamp is checked
   * after its entry (wait/wait_timestamp_jsonata_invalid_date).
   */
  private void evaluationFailed(Frame frame, State state, StatesException e, String cause) {
    boolean onlyEntered =
        frame.lastEventId == frame.enteredEventId && !(state instanceof WaitState);
    record(
        frame,
        onlyEntered ? frame.enteredAfterEventId : frame.lastEventId,
        HistoryEventType.EVALUATION_FAILED,
        EventDetails.evaluationFailed(
            state.name(),
            e.error(),
            cause,
            e instanceof StateEvaluationException s ? s.location() : null),
        true);
  }

  /** AWS prefixes evaluation failures with the state's name and entry event. */
  private static String causeOf(Frame frame, State state, StatesException e) {
    if (!(e instanceof StateEvaluationException)) return e.cause();
    return "An error occurred while executing the state '"
        + state.name()
        + "' (entered at the event id #"
        + frame.enteredEventId
        + "). "
        + e.cause();
  }

  void frameFailed(Frame frame, String error, String cause) {
    frame.error = error;
    frame.cause = cause;
    frame.phase = Frame.Phase.FAILED;
  }
}
