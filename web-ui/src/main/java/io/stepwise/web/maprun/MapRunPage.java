package io.stepwise.web.maprun;

import io.stepwise.web.execution.ExecutionList;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.Times;
import java.util.List;
import java.util.Locale;

/**
 * What the Map Run page shows: the run, its children by status, the tolerated failures, one page of
 * children with the status filter, and a refusal of the last change (or null).
 *
 * @param status the children's status filter, empty for all
 * @param nextPage the next page of children, or null on the last
 * @param firstPage the first page of children, or null on it
 */
public record MapRunPage(
    MapRunDetail run,
    List<ExecutionList.Row> children,
    String status,
    String nextPage,
    String firstPage,
    String refusal) {

  /** The statuses children are filtered by, with the count name DescribeMapRun gives each. */
  public record Count(String status, String key, String label) {}

  static final List<Count> COUNTS =
      List.of(
          new Count("", "pending", "Pending"),
          new Count("RUNNING", "running", "Running"),
          new Count("SUCCEEDED", "succeeded", "Succeeded"),
          new Count("FAILED", "failed", "Failed"),
          new Count("TIMED_OUT", "timedOut", "Timed out"),
          new Count("ABORTED", "aborted", "Aborted"),
          new Count("", "total", "Total"));

  public List<Count> counts() {
    return COUNTS;
  }

  public long count(String key) {
    return run.counts().getOrDefault(key, 0L);
  }

  public String path() {
    return Paths.mapRun(run.arn());
  }

  /** The list of children filtered by a status ({@code ""}: all). */
  public String filtered(String childStatus) {
    return childStatus.isEmpty() ? path() : path() + "?status=" + Paths.encode(childStatus);
  }

  public boolean selected(String childStatus) {
    return childStatus.equals(status);
  }

  public String parentPath() {
    return Paths.execution(run.executionArn());
  }

  /** The parent execution's name (the last part of its ARN). */
  public String parentName() {
    return run.executionArn().substring(run.executionArn().lastIndexOf(':') + 1);
  }

  /** The Map's label and run id, the name AWS's console gives a Map Run: {@code LABEL:RUN_ID}. */
  public String name() {
    String arn = run.arn();
    int slash = arn.indexOf('/', arn.indexOf(":mapRun:"));
    return slash < 0 ? arn : arn.substring(slash + 1);
  }

  public boolean running() {
    return run.status().equals("RUNNING");
  }

  public String statusClass() {
    return "status-" + run.status().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String started() {
    return Times.utc(run.startDate());
  }

  public String stopped() {
    return run.stopDate() == null ? "—" : Times.utc(run.stopDate());
  }

  /** Children that count against the tolerated failures: failed and timed out (AWS's rule). */
  public long failures() {
    return count("failed") + count("timedOut");
  }

  /** The failure percentage of the children so far, one decimal. */
  public String failurePercent() {
    long total = count("total");
    return total == 0
        ? "0"
        : String.format(Locale.ROOT, "%.1f", 100.0 * failures() / total).replace(".0", "");
  }

  /** The tolerated percentage as the form shows it (no ".0" for whole numbers). */
  public String toleratedPercent() {
    float p = run.toleratedFailurePercentage();
    return p == Math.rint(p) ? Long.toString((long) p) : Float.toString(p);
  }

  /** "no limit" for AWS's 0, the number otherwise. */
  public String concurrency() {
    return run.maxConcurrency() == 0 ? "no limit" : Integer.toString(run.maxConcurrency());
  }
}
