package io.stepwise.web.execution;

import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.StateMachineSummary;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The executions list page: one keyset page of executions with the filters that made it, how many
 * match (counted up to {@value #COUNT_LIMIT}) and the links to the pages around it.
 *
 * @param first the position (1-based) of the first row
 * @param matching how many executions match, up to {@value #COUNT_LIMIT}
 * @param moreThanCounted more than {@value #COUNT_LIMIT} match
 * @param nextPage the next page's URL, or null on the last
 * @param previousPage the previous page's URL, or null on the first
 * @param problem why the search could not run (a value that is not JSON, too long, too slow), or
 *     null
 */
public record ExecutionList(
    List<Row> rows,
    ExecutionFilter filter,
    List<StateMachineSummary> machines,
    int first,
    int matching,
    boolean moreThanCounted,
    String nextPage,
    String previousPage,
    String problem) {
  /** The count reads at most this many executions (one service call), then says "more than". */
  static final int COUNT_LIMIT = 1000;

  /** How {@code back} names the first page, which has no page token. */
  static final String FIRST = "first";

  /** Earlier pages remembered for "Previous"; beyond them the list offers the first page. */
  static final int MAX_BACK = 40;

  static ExecutionList of(
      List<Row> rows,
      ExecutionFilter filter,
      List<StateMachineSummary> machines,
      String nextToken,
      List<String> back,
      int at,
      int matching,
      boolean moreThanCounted,
      String problem) {
    String next = null;
    if (nextToken != null) {
      List<String> nextBack = new ArrayList<>(back);
      nextBack.add(filter.page() == null || filter.page().isBlank() ? FIRST : filter.page());
      if (nextBack.size() > MAX_BACK) nextBack.removeFirst();
      next = filter.link(nextToken, nextBack, at + rows.size());
    }
    String previous = null;
    if (!back.isEmpty()) {
      String token = back.getLast();
      previous =
          filter.link(
              FIRST.equals(token) ? null : token,
              back.subList(0, back.size() - 1),
              Math.max(0, at - ExecutionFilter.PAGE_SIZE));
    } else if (filter.page() != null && !filter.page().isBlank()) {
      previous = filter.link(null, List.of(), 0);
    }
    return new ExecutionList(
        rows, filter, machines, at + 1, matching, moreThanCounted, next, previous, problem);
  }

  /** The first page with the same filters. */
  public String firstPage() {
    return filter.link(null, List.of(), 0);
  }

  /** "55" or "more than 1,000": how many executions the search finds. */
  public String matchingText() {
    return moreThanCounted
        ? "more than " + String.format(Locale.ROOT, "%,d", COUNT_LIMIT)
        : String.format(Locale.ROOT, "%,d", matching);
  }

  /** "Executions 51–55 of 55" (or "of more than 1,000"). */
  public String count() {
    if (rows.isEmpty()) return "No executions match.";
    return "Executions " + first + "–" + (first + rows.size() - 1) + " of " + matchingText();
  }

  /**
   * One execution in the list.
   *
   * @param error the error a failed, timed-out or aborted execution ended with, or null
   * @param now the time the list was made, for a running execution's duration
   */
  public record Row(ExecutionSummary summary, String error, Instant now) {
    /** The row of an execution: one that failed, timed out or was aborted says its error. */
    public static Row of(ExecutionSummary s, ExecutionService executions) {
      String error = null;
      if (s.status().isTerminal() && s.status() != ExecutionStatus.SUCCEEDED) {
        error = executions.describe(s.executionArn()).map(ExecutionDetail::error).orElse(null);
      }
      return new Row(s, error, Instant.now());
    }

    public String path() {
      return Paths.execution(summary.executionArn());
    }

    public String machinePath() {
      return Paths.stateMachine(summary.stateMachineName());
    }

    public String statusClass() {
      return "status-" + summary.status().name().toLowerCase().replace('_', '-');
    }

    public String started() {
      return Times.utc(summary.startDate());
    }

    public String stopped() {
      return Times.utc(summary.stopDate());
    }

    public String duration() {
      Instant end = summary.stopDate() == null ? now : summary.stopDate();
      long millis = Math.max(0, java.time.Duration.between(summary.startDate(), end).toMillis());
      return Durations.text(millis) + (summary.stopDate() == null ? " so far" : "");
    }
  }

  public List<String> statuses() {
    return List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");
  }
}
