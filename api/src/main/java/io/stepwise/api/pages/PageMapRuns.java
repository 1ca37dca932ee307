package io.stepwise.api.pages;

import io.stepwise.api.authentication.Callers;
import io.stepwise.api.maprun.MapRun;
import io.stepwise.api.maprun.MapRuns;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.maprun.MapRunDetail;
import io.stepwise.web.maprun.MapRunService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * web-ui's {@link MapRunService}: the {@link MapRuns} service called with the page request's caller
 * (who must see the Map Run's state machine, and operate it to update it). A Map Run the caller may
 * not see does not exist for them.
 */
@ApplicationScoped
public class PageMapRuns implements MapRunService {
  private final MapRuns runs;
  private final Callers callers;

  public PageMapRuns(MapRuns runs, Callers callers) {
    this.runs = runs;
    this.callers = callers;
  }

  @Override
  public Optional<MapRunDetail> describe(String mapRunArn) {
    try {
      MapRun r = runs.describe(callers.current(), mapRunArn);
      return Optional.of(
          new MapRunDetail(
              r.arn(),
              r.executionArn(),
              r.status(),
              r.startDate(),
              r.stopDate(),
              r.maxConcurrency(),
              r.toleratedFailurePercentage(),
              r.toleratedFailureCount(),
              r.counts()));
    } catch (ServiceException e) {
      if (!Unseen.means(e) && !e.code().equals("ResourceNotFound")) throw e;
      return Optional.empty();
    }
  }

  @Override
  public void update(
      String mapRunArn,
      Integer maxConcurrency,
      Integer toleratedFailureCount,
      Double toleratedFailurePercentage) {
    runs.update(
        callers.current(),
        mapRunArn,
        maxConcurrency,
        toleratedFailureCount,
        toleratedFailurePercentage);
  }
}
