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

  /**
   * The machine's page; a Map Run's child runs no machine of its own ({@code PARENT/LABEL}), so its
   * link leads to the machine that runs the Map.
   */
  public String machinePath() {
    String name = detail.summary().stateMachineName();
    return Paths.stateMachine(
        detail.summary().mapRunChild() ? name.substring(0, Math.max(0, name.indexOf('/'))) : name);
  }

  /** The version the execution ran ("3"), or null when it ran no version. */
  public String version() {
    return qualifier(detail.versionArn());
  }

  /** The page of the version it ran, or null. */
  public String versionPath() {
    return version() == null ? null : machinePath() + "/versions/" + version();
  }

  /** The alias it was started through ("prod"), or null. */
  public String alias() {
    return qualifier(detail.aliasArn());
  }

  private static String qualifier(String arn) {
    return arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
  }

  /** A Map Run child's Map Run page, or null. */
  public String mapRunPath() {
    return detail.summary().mapRunChild() ? Paths.mapRun(detail.summary().mapRunArn()) : null;
  }

  /** A Map Run child's parent execution page, or null. */
  public String parentPath() {
    String parent = detail.summary().parentExecutionArn();
    return parent == null ? null : Paths.execution(parent);
  }

  /** The parent execution's name (the last part of its ARN), or null. */
  public String parentName() {
    String parent = detail.summary().parentExecutionArn();
    return parent == null ? null : parent.substring(parent.lastIndexOf(':') + 1);
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
