package io.stepwise.api.maprun;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The Map Run service: DescribeMapRun, ListMapRuns of an execution, and UpdateMapRun, which changes
 * the record and, while the Map Run runs, the Map itself (a higher MaxConcurrency starts more
 * children). A Map Run belongs to its state machine's team.
 */
@ApplicationScoped
public class MapRuns {
  private final PgMapRuns runs;
  private final Executions executions;
  private final PgExecutionSteps steps;
  private final Arns arns;
  private final Authorizer authorizer;

  public MapRuns(
      PgMapRuns runs,
      Executions executions,
      PgExecutionSteps steps,
      Arns arns,
      Authorizer authorizer) {
    this.runs = runs;
    this.executions = executions;
    this.steps = steps;
    this.arns = arns;
    this.authorizer = authorizer;
  }

  public MapRun describe(Caller caller, String mapRunArn) {
    return existing(caller, "DescribeMapRun", Permission.VIEW, mapRunArn);
  }

  /** ListMapRuns: the execution's Map Runs by start. */
  public Page<PgMapRuns.Listed> list(
      Caller caller, String executionArn, int max, String nextToken) {
    String arn = executions.existing(caller, "ListMapRuns", Permission.VIEW, executionArn).arn();
    int offset = (int) Math.max(0, PageToken.number(nextToken, 0));
    List<PgMapRuns.Listed> page = runs.ofExecution(arn, offset, max + 1);
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(Integer.toString(offset + max)) : null);
  }

  /** UpdateMapRun: new limits for the Map Run; a running one applies them in a step. */
  public void update(
      Caller caller,
      String mapRunArn,
      Integer maxConcurrency,
      Integer toleratedFailureCount,
      Double toleratedFailurePercentage) {
    MapRun run = existing(caller, "UpdateMapRun", Permission.OPERATE, mapRunArn);
    if (maxConcurrency != null && maxConcurrency < 0) {
      throw Validation.failed("maxConcurrency must be at least 0");
    }
    if (toleratedFailureCount != null && toleratedFailureCount < 0) {
      throw Validation.failed("toleratedFailureCount must be at least 0");
    }
    if (toleratedFailurePercentage != null
        && (toleratedFailurePercentage < 0 || toleratedFailurePercentage > 100)) {
      throw Validation.failed("toleratedFailurePercentage must be between 0 and 100");
    }
    runs.update(
        run.arn(),
        maxConcurrency,
        toleratedFailureCount == null ? null : toleratedFailureCount.longValue(),
        toleratedFailurePercentage == null ? null : toleratedFailurePercentage.floatValue());
    if (run.status().equals("RUNNING")) {
      // The running Map takes the new limits in a step of its execution.
      steps.signal(
          run.executionArn(),
          new Signal.MapRunUpdated(
              run.arn(), maxConcurrency, toleratedFailureCount, toleratedFailurePercentage));
    }
  }

  private MapRun existing(Caller caller, String action, Permission permission, String mapRunArn) {
    Arn arn = arns.require(mapRunArn, Arn.Kind.MAP_RUN);
    authorizer.require(caller, action, permission, arn);
    return runs.find(arn.toString())
        .orElseThrow(
            () ->
                new ServiceException(
                    "ResourceNotFound", "Resource Not Found: '" + mapRunArn + "'"));
  }
}
