package io.stepwise.api.pages;

import io.stepwise.api.authentication.Callers;
import io.stepwise.api.execution.Statistics;
import io.stepwise.engine.service.ExecutionStatistics;
import io.stepwise.engine.service.ExecutionStatisticsService;
import io.stepwise.engine.service.MachineActivity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * engine-core's {@link ExecutionStatisticsService} for web-ui's dashboard: the {@link Statistics}
 * service with the page request's caller, so the numbers are of the caller's teams only.
 */
@ApplicationScoped
public class PageExecutionStatistics implements ExecutionStatisticsService {
  private final Statistics statistics;
  private final Callers callers;

  public PageExecutionStatistics(Statistics statistics, Callers callers) {
    this.statistics = statistics;
    this.callers = callers;
  }

  @Override
  public ExecutionStatistics statistics(
      String stateMachineArn, Instant since, Instant until, Duration bucket) {
    Statistics.Result r = statistics.of(callers.current(), stateMachineArn, since, until, bucket);
    ExecutionStatistics s = r.statistics();
    return new ExecutionStatistics(
        s.since(),
        s.bucket(),
        s.buckets(),
        s.topErrors(),
        s.running(),
        r.oldestRunning() == null ? null : PageExecutions.summary(r.oldestRunning()),
        s.transitions());
  }

  @Override
  public Map<String, MachineActivity> activity(Instant since) {
    Map<String, MachineActivity> out = new LinkedHashMap<>();
    for (Statistics.Activity a : statistics.activity(callers.current(), since)) {
      var c = a.counts();
      out.put(
          c.stateMachineArn(),
          new MachineActivity(
              c.stateMachineArn(),
              a.latest() == null ? null : PageExecutions.summary(a.latest()),
              c.started(),
              c.succeeded(),
              c.ended(),
              c.running()));
    }
    return out;
  }
}
