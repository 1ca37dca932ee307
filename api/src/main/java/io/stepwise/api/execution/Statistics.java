package io.stepwise.api.execution;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.service.ExecutionStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The dashboard's statistics service: of one state machine (the caller may view it) or of every
 * machine of the caller's teams (an admin's: all). The window is at most a week of at most 200
 * buckets, so the work a page can ask for is bounded.
 */
@ApplicationScoped
public class Statistics {
  static final Duration LONGEST_WINDOW = Duration.ofDays(7);
  static final long MOST_BUCKETS = 200;

  private final PgExecutionStatistics statistics;
  private final PgExecutions executions;
  private final Arns arns;
  private final Authorizer authorizer;

  public Statistics(
      PgExecutionStatistics statistics, PgExecutions executions, Arns arns, Authorizer authorizer) {
    this.statistics = statistics;
    this.executions = executions;
    this.arns = arns;
    this.authorizer = authorizer;
  }

  /** The statistics, and the oldest running execution (if the caller sees any running). */
  public record Result(ExecutionStatistics statistics, Execution oldestRunning) {}

  public Result of(
      Caller caller, String stateMachineArn, Instant since, Instant until, Duration bucket) {
    String action = "ListExecutions";
    since = since.truncatedTo(ChronoUnit.SECONDS);
    if (bucket.toSeconds() < 1
        || Duration.between(since, until).compareTo(LONGEST_WINDOW.plusMinutes(1)) > 0
        || Duration.between(since, until).dividedBy(bucket) > MOST_BUCKETS) {
      throw Validation.failed("A dashboard covers at most a week in at most 200 buckets");
    }
    PgExecutionStatistics.Scope scope;
    if (stateMachineArn != null) {
      Arn arn = arns.require(stateMachineArn, Arn.Kind.STATE_MACHINE);
      authorizer.require(caller, action, Permission.VIEW, arn);
      scope = new PgExecutionStatistics.Scope(arn.toString(), null);
    } else {
      Set<String> owners = authorizer.visibleOwners(caller, action).orElse(null);
      scope = new PgExecutionStatistics.Scope(null, owners);
    }
    PgExecutionStatistics.Numbers numbers = statistics.read(scope, since, until, bucket);
    Execution oldest =
        numbers.oldestRunningArn() == null
            ? null
            : executions.find(numbers.oldestRunningArn()).orElse(null);
    return new Result(numbers.statistics(), oldest);
  }

  /** A machine's activity with its newest execution read. */
  public record Activity(PgExecutionStatistics.Activity counts, Execution latest) {}

  /** Per machine the caller may see: counts since {@code since}, running now, the newest. */
  public java.util.List<Activity> activity(Caller caller, Instant since) {
    Set<String> owners = authorizer.visibleOwners(caller, "ListExecutions").orElse(null);
    return statistics.activity(new PgExecutionStatistics.Scope(null, owners), since).stream()
        .map(a -> new Activity(a, executions.find(a.latestArn()).orElse(null)))
        .toList();
  }
}
