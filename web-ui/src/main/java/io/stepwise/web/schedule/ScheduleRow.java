package io.stepwise.web.schedule;

import io.stepwise.engine.service.ScheduleService.ScheduleFireView;
import io.stepwise.engine.service.ScheduleService.ScheduleView;
import io.stepwise.web.page.Paths;
import java.util.List;

/** A schedule on a page: the service's view with its paths and its times written out. */
public record ScheduleRow(ScheduleView view, List<FireTime> upcoming, List<FireRow> fires) {

  static ScheduleRow of(ScheduleView v) {
    return new ScheduleRow(
        v,
        FireTime.of(v.upcoming(), v.timezone()),
        v.fires().stream().map(f -> FireRow.of(f, v.timezone())).toList());
  }

  /** The next fire time, or null when there is none. */
  public FireTime next() {
    return upcoming.isEmpty() ? null : upcoming.get(0);
  }

  /** The latest three fires, for a machine's page. */
  public List<FireRow> latest() {
    return fires.subList(0, Math.min(3, fires.size()));
  }

  public String path() {
    return Paths.schedule(view.arn());
  }

  /** The target's state machine page (a version's or alias's machine). */
  public String targetPath() {
    String arn = view.targetArn();
    String[] parts = arn.split(":");
    return parts.length >= 7 ? Paths.stateMachine(parts[6]) : "/state-machines";
  }

  public String stateClass() {
    return view.enabled() ? "status-succeeded" : "status-aborted";
  }

  /** One fire with its execution's page. */
  public record FireRow(ScheduleFireView fire, FireTime time) {
    static FireRow of(ScheduleFireView f, String zone) {
      return new FireRow(f, FireTime.of(f.fireTime(), zone));
    }

    public String executionPath() {
      return fire.executionArn() == null ? null : Paths.execution(fire.executionArn());
    }

    public String stateClass() {
      return switch (fire.state()) {
        case "STARTED" -> "status-succeeded";
        case "FAILED" -> "status-failed";
        case "PENDING" -> "status-running";
        default -> "status-aborted";
      };
    }
  }
}
