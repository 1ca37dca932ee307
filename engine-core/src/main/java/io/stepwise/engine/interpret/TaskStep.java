package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.TaskState;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.jsonata.QueryErrors;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;

/** Task states: dispatch through the runtime, then take the result, failure or timeout. */
final class TaskStep {
  private final ExecutionStep step;

  TaskStep(ExecutionStep step) {
    this.step = step;
  }

  void start(Frame frame, StateGraph graph, TaskState s) {
    DataScope scope = step.scope(frame, frame.stateInput);
    boolean jsonata = ExecutionStep.jsonata(s);
    JsonNode effective =
        jsonata ? frame.stateInput : DataFlow.select(s.base().inputPath(), scope, frame.stateInput);
    String token = step.newToken(frame);
    boolean withToken = s.resource().pattern() == Resource.Pattern.WAIT_FOR_TASK_TOKEN;
    DataScope parameterScope = step.scope(frame, effective, withToken ? token : null);
    JsonNode parameters =
        jsonata
            ? DataFlow.output(s.arguments(), parameterScope, effective)
            : DataFlow.template(s.parameters(), parameterScope);
    JsonNode credentials =
        s.credentials() == null ? null : s.credentials().evaluate(parameterScope);
    Integer timeout = seconds(s.timeoutSeconds(), scope.withInput(effective));
    Integer heartbeat = seconds(s.heartbeatSeconds(), scope.withInput(effective));
    frame.effectiveInput = effective;
    frame.taskToken = token;
    frame.heartbeatSeconds = heartbeat;
    emitScheduled(frame, s.resource(), parameters, credentials, timeout, heartbeat);
    if (s.resource().kind() != Resource.Kind.ACTIVITY) emitStarted(frame, s.resource());
    if (timeout != null) {
      frame.timeoutTimerId = step.newTimerId(frame);
      step.commands.add(
          new Command.StartTimer(frame.timeoutTimerId, step.now.plusSeconds(timeout)));
    }
    // An activity's heartbeat clock starts when a worker takes it (ActivityStarted), as the
    // other resources' starts with their scheduling.
    if (heartbeat != null && s.resource().kind() != Resource.Kind.ACTIVITY) {
      startHeartbeatTimer(frame);
    }
    step.commands.add(
        new Command.DispatchTask(token, s.resource(), s.name(), parameters, timeout, heartbeat));
    frame.phase = Frame.Phase.WAITING_TASK;
  }

  private void startHeartbeatTimer(Frame frame) {
    frame.heartbeatTimerId = step.newTimerId(frame);
    step.commands.add(
        new Command.StartTimer(
            frame.heartbeatTimerId, step.now.plusSeconds(frame.heartbeatSeconds)));
  }

  /** TimeoutSeconds / HeartbeatSeconds, literal or by path. */
  private static Integer seconds(ValueExpression e, DataScope scope) {
    if (e == null) return null;
    if (e instanceof ValueExpression.Literal l) return l.value().asInt();
    if (e instanceof ValueExpression.PathRef p) {
      try {
        JsonNode v = p.path().read(scope.rootFor(p.path(), scope.input()));
        if (!v.isIntegralNumber() || v.asLong() <= 0) {
          throw StateEvaluationException.runtime(
              "The "
                  + p.field()
                  + " parameter must be a positive integer: "
                  + p.path().text()
                  + " == "
                  + Json.write(v));
        }
        return v.asInt();
      } catch (PathNotFoundException ex) {
        // AWS: task/invalid_jsonpath_st_invalid_jsonpath_in_timeoutsecondspath
        throw StateEvaluationException.runtime(
            "Invalid path '" + p.path().text() + "' : " + ex.getMessage());
      }
    }
    ValueExpression.Jsonata j = (ValueExpression.Jsonata) e;
    JsonNode v = j.expression().evaluate(scope, j.field());
    if (!v.isIntegralNumber() || v.asLong() <= 0) {
      throw QueryErrors.error(
          "The " + j.field() + " field must be a positive integer: " + Json.write(v), j.field());
    }
    return v.asInt();
  }

  /**
   * A worker took the activity: ActivityStarted, and the heartbeat clock starts now, so time spent
   * waiting in the queue for a free worker does not count as a missed heartbeat.
   */
  void activityStarted(Frame frame, TaskState s) {
    if (s.resource().kind() != Resource.Kind.ACTIVITY) return;
    emitStarted(frame, s.resource());
    if (frame.heartbeatSeconds == null) return;
    if (frame.heartbeatTimerId != null) {
      step.commands.add(new Command.CancelTimer(frame.heartbeatTimerId));
    }
    startHeartbeatTimer(frame);
  }

  void heartbeat(Frame frame) {
    if (frame.heartbeatTimerId == null) return;
    step.commands.add(new Command.CancelTimer(frame.heartbeatTimerId));
    startHeartbeatTimer(frame);
  }

  void succeeded(Frame frame, StateGraph graph, TaskState s, JsonNode result) {
    clearWaiting(frame);
    Resource r = s.resource();
    ObjectNode details = resourceDetails(r);
    details.set("output", result);
    ObjectNode outputDetails = details.putObject("outputDetails");
    outputDetails.put("truncated", false);
    step.emit(frame, eventType(r, "Succeeded"), details);
    try {
      if (ExecutionStep.jsonata(s)) {
        DataScope scope = step.scope(frame, frame.stateInput).withResult(result);
        step.leave(frame, graph, s, scope, DataFlow.output(s.base().output(), scope, result));
        return;
      }
      DataScope scope = step.scope(frame, result);
      JsonNode selected = DataFlow.template(s.resultSelector(), scope);
      JsonNode output =
          DataFlow.placeResult(s.resultPath(), frame.stateInput, selected, step.sizes);
      step.leave(
          frame,
          graph,
          s,
          scope.withInput(selected),
          DataFlow.select(s.base().outputPath(), scope, output));
    } catch (StatesException e) {
      step.fail(frame, graph, s, e);
    }
  }

  void failed(Frame frame, StateGraph graph, TaskState s, String error, String cause) {
    clearWaiting(frame);
    ObjectNode details = resourceDetails(s.resource());
    if (error != null) details.put("error", error);
    if (cause != null) details.put("cause", cause);
    step.emit(frame, eventType(s.resource(), "Failed"), details);
    Recovery.handle(step, frame, graph, s, error, cause);
  }

  void timedOut(Frame frame, StateGraph graph, TaskState s, boolean heartbeat) {
    step.commands.add(new Command.CancelTask(frame.taskToken));
    clearWaiting(frame);
    String error = heartbeat ? ErrorNames.HEARTBEAT_TIMEOUT : ErrorNames.TIMEOUT;
    ObjectNode details = resourceDetails(s.resource());
    details.put("error", error);
    step.emit(frame, eventType(s.resource(), "TimedOut"), details);
    Recovery.handle(step, frame, graph, s, error, null);
  }

  private void clearWaiting(Frame frame) {
    if (frame.timeoutTimerId != null)
      step.commands.add(new Command.CancelTimer(frame.timeoutTimerId));
    if (frame.heartbeatTimerId != null)
      step.commands.add(new Command.CancelTimer(frame.heartbeatTimerId));
    frame.timeoutTimerId = null;
    frame.heartbeatTimerId = null;
    frame.taskToken = null;
  }

  private void emitScheduled(
      Frame frame,
      Resource r,
      JsonNode parameters,
      JsonNode credentials,
      Integer timeout,
      Integer heartbeat) {
    ObjectNode details = Json.object();
    switch (r.kind()) {
      case SERVICE -> {
        details.put("resourceType", r.resourceType());
        details.put("resource", r.resourceName());
        details.put("region", "us-east-1");
        details.set("parameters", parameters);
      }
      case LAMBDA_FUNCTION, ACTIVITY -> {
        details.put("resource", r.arn());
        details.set("input", parameters);
        details.putObject("inputDetails").put("truncated", false);
      }
    }
    if (timeout != null) details.put("timeoutInSeconds", timeout);
    if (heartbeat != null) details.put("heartbeatInSeconds", heartbeat);
    // The role the task assumes (task/cross_account_service_lambda_invoke).
    if (credentials != null && credentials.has("RoleArn")) {
      details.putObject("taskCredentials").set("roleArn", credentials.get("RoleArn"));
    }
    step.emit(frame, eventType(r, "Scheduled"), details);
  }

  private void emitStarted(Frame frame, Resource r) {
    ObjectNode details = r.kind() == Resource.Kind.SERVICE ? resourceDetails(r) : null;
    step.emit(frame, eventType(r, "Started"), details);
  }

  private static ObjectNode resourceDetails(Resource r) {
    ObjectNode details = Json.object();
    if (r.kind() == Resource.Kind.SERVICE) {
      details.put("resourceType", r.resourceType());
      details.put("resource", r.resourceName());
    }
    return details;
  }

  /** The history event type for a resource kind and phase, e.g. LambdaFunctionSucceeded. */
  static HistoryEventType eventType(Resource r, String phase) {
    String prefix =
        switch (r.kind()) {
          case ACTIVITY -> "Activity";
          case LAMBDA_FUNCTION -> "LambdaFunction";
          case SERVICE -> "Task";
        };
    return HistoryEventType.fromAwsName(prefix + phase);
  }
}
