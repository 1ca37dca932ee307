package io.stepwise.web.execution;

import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
import java.time.Instant;
import java.util.List;

/**
 * Everything the execution page shows, read once per page view (or per live update).
 *
 * @param machine the state machine, or null when it no longer exists
 * @param graph the definition's graph painted by the history, or null without a machine
 * @param now the time the view was made, for the duration of a running execution
 */
public record ExecutionView(
    ExecutionDetail detail,
    StateMachineDetail machine,
    ExecutionProgress progress,
    PaintedGraph graph,
    Instant now) {

  public ExecutionSummary summary() {
    return detail.summary();
  }

  public String path() {
    return Paths.execution(detail.summary().executionArn());
  }

  /** The "run again with this input" preview. */
  public String againPath() {
    return path() + "/again";
  }

  public String machinePath() {
    return Paths.stateMachine(detail.summary().stateMachineName());
  }

  public String statusClass() {
    return "status-" + detail.summary().status().name().toLowerCase().replace('_', '-');
  }

  public boolean running() {
    return detail.summary().status() == ExecutionStatus.RUNNING;
  }

  /** AWS redrives failed, timed-out and aborted executions. */
  public boolean redrivable() {
    ExecutionStatus s = detail.summary().status();
    return s == ExecutionStatus.FAILED
        || s == ExecutionStatus.TIMED_OUT
        || s == ExecutionStatus.ABORTED;
  }

  public boolean failed() {
    return detail.error() != null || detail.cause() != null;
  }

  public String input() {
    return PrettyJson.of(detail.input());
  }

  public String output() {
    return PrettyJson.of(detail.output());
  }

  /** The cause, indented when it is JSON (Lambda errors are). */
  public String cause() {
    return PrettyJson.of(detail.cause());
  }

  /** The state whose error ended the execution, or null. */
  public String failedState() {
    return progress.failedState();
  }

  public String duration() {
    Instant start = detail.summary().startDate();
    Instant end = detail.summary().stopDate() == null ? now : detail.summary().stopDate();
    return Durations.text(Math.max(0, java.time.Duration.between(start, end).toMillis()))
        + (running() ? " so far" : "");
  }

  public List<TimelineBar> timeline() {
    Instant end = progress.ended() != null ? progress.ended() : now;
    return TimelineBar.of(progress.visits(), progress.started(), end);
  }

  public boolean timelineCut() {
    return progress.visits().size() >= ExecutionProgress.MAX_VISITS;
  }

  public long eventCount() {
    return progress.lastEventId();
  }
}
