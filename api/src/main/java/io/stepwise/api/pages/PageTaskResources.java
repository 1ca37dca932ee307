package io.stepwise.api.pages;

import io.stepwise.api.activity.TaskBoard;
import io.stepwise.api.authentication.Callers;
import io.stepwise.web.activity.TaskResource;
import io.stepwise.web.activity.TaskResources;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** web-ui's {@link TaskResources}: the {@link TaskBoard} for the page request's caller. */
@ApplicationScoped
public class PageTaskResources implements TaskResources {
  private final TaskBoard board;
  private final Callers callers;

  public PageTaskResources(TaskBoard board, Callers callers) {
    this.board = board;
    this.callers = callers;
  }

  @Override
  public List<TaskResource> visible(Duration recent) {
    return board.resources(callers.current(), recent).stream()
        .map(
            r ->
                new TaskResource(
                    r.resource(),
                    r.activityName(),
                    r.load().waiting(),
                    r.load().oldestWait(),
                    r.load().inProgress(),
                    r.load().heartbeatsOverdue(),
                    r.workers().stream()
                        .map(p -> new TaskResource.Worker(p.workerName(), p.address(), p.at()))
                        .toList()))
        .toList();
  }
}
