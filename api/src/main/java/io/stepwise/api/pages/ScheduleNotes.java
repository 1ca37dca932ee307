package io.stepwise.api.pages;

import io.stepwise.engine.service.ScheduleService;
import io.stepwise.web.execution.ExecutionNote;
import io.stepwise.web.execution.ExecutionNotes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The execution page's note on an execution a schedule started: which schedule, for which fire time
 * (and whether it was "run now"), linking to the schedule's page.
 */
@ApplicationScoped
public class ScheduleNotes implements ExecutionNotes {
  private final ScheduleService schedules;

  public ScheduleNotes(ScheduleService schedules) {
    this.schedules = schedules;
  }

  @Override
  public List<ExecutionNote> notes(String executionArn) {
    return schedules
        .startedBy(executionArn)
        .map(
            f ->
                List.of(
                    new ExecutionNote(
                        "schedule-fire",
                        "Started by schedule "
                            + f.scheduleName()
                            + (f.runNow() ? " (run now) at " : " for its fire time ")
                            + f.fireTime(),
                        "Schedule " + f.scheduleName(),
                        io.stepwise.web.page.Paths.schedule(f.scheduleArn()))))
        .orElse(List.of());
  }
}
