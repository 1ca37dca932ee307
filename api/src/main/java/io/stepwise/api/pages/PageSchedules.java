package io.stepwise.api.pages;

import io.stepwise.api.arn.Arns;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.schedule.Schedule;
import io.stepwise.api.schedule.ScheduleFire;
import io.stepwise.api.schedule.ScheduleRequest;
import io.stepwise.api.schedule.ScheduleTarget;
import io.stepwise.api.schedule.Schedules;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ScheduleService;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * engine-core's {@link ScheduleService} for the pages: the {@link Schedules} service called with
 * the page request's caller, so the pages and the scheduler API keep one set of rules. A schedule
 * made on a page gets the role ARN {@code stepwise-schedules} of this account (the API asks for
 * one; Stepwise starts as the schedule's owner, not as a role) and AWS's default retry policy; an
 * edit keeps what the schedule had.
 */
@ApplicationScoped
public class PageSchedules implements ScheduleService {
  /** Refusals that mean the schedule is not there for this caller. */
  private static final Set<String> UNSEEN =
      Set.of("AccessDeniedException", "ResourceNotFoundException", "ValidationException");

  private static final int UPCOMING = 5;
  private static final int FIRES = 10;

  private final Schedules schedules;
  private final Callers callers;
  private final Arns arns;

  public PageSchedules(Schedules schedules, Callers callers, Arns arns) {
    this.schedules = schedules;
    this.callers = callers;
    this.arns = arns;
  }

  @Override
  public List<ScheduleView> list(String stateMachineArn) {
    List<ScheduleView> out = new ArrayList<>();
    String token = null;
    do {
      Page<Schedule> page =
          schedules.list(
              callers.current(),
              new Schedules.Filter(null, null, null, stateMachineArn),
              100,
              token);
      page.items().forEach(s -> out.add(view(s, List.of())));
      token = page.nextToken();
    } while (token != null && out.size() < 1000);
    return out;
  }

  @Override
  public Optional<ScheduleView> describe(String group, String name) {
    try {
      Schedule s = schedules.get(callers.current(), group, name);
      return Optional.of(view(s, schedules.fires(callers.current(), s.arn(), FIRES)));
    } catch (ServiceException e) {
      if (UNSEEN.contains(e.code())) return Optional.empty();
      throw e;
    }
  }

  @Override
  public ExpressionCheck check(ScheduleForm form, int count) {
    // A form being typed may not have its name or target yet: the check is the timing's (and
    // the input's).
    ScheduleForm timing =
        new ScheduleForm(
            null,
            "check",
            null,
            form.expression(),
            form.timezone(),
            true,
            form.windowMinutes(),
            form.startDate(),
            form.endDate(),
            "check",
            form.input());
    try {
      List<Instant> upcoming = schedules.preview(request(timing, arns.role("check"), null), count);
      return new ExpressionCheck(true, "", upcoming);
    } catch (ServiceException e) {
      return new ExpressionCheck(false, e.getMessage(), List.of());
    }
  }

  @Override
  public String save(ScheduleForm form, boolean update) {
    ScheduleTarget old = null;
    if (update) {
      old = schedules.get(callers.current(), form.group(), form.name()).target();
    }
    String role = old != null ? old.roleArn() : arns.role("stepwise-schedules");
    ScheduleRequest request = request(form, role, old);
    return update
        ? schedules.update(callers.current(), request)
        : schedules.create(callers.current(), request);
  }

  @Override
  public void setEnabled(String scheduleArn, boolean enabled) {
    schedules.setEnabled(callers.current(), scheduleArn, enabled);
  }

  @Override
  public Instant runNow(String scheduleArn) {
    return schedules.runNow(callers.current(), scheduleArn);
  }

  @Override
  public void delete(String scheduleArn) {
    Schedule s = schedules.byArn(callers.current(), scheduleArn);
    schedules.delete(callers.current(), s.group(), s.name());
  }

  @Override
  public Optional<ScheduleFireView> startedBy(String executionArn) {
    return schedules
        .startedBy(callers.current(), executionArn)
        .map(f -> fireView(f, f.scheduleArn().substring(f.scheduleArn().lastIndexOf('/') + 1)));
  }

  private static ScheduleRequest request(ScheduleForm f, String role, ScheduleTarget old) {
    return new ScheduleRequest(
        f.name(),
        f.group(),
        blankToNull(f.description()),
        f.expression(),
        blankToNull(f.timezone()),
        f.startDate(),
        f.endDate(),
        f.enabled() ? "ENABLED" : "DISABLED",
        f.windowMinutes() == null ? "OFF" : "FLEXIBLE",
        f.windowMinutes(),
        null,
        null,
        new ScheduleRequest.Target(
            f.targetArn(),
            role,
            blankToNull(f.input()),
            old == null ? null : old.maximumEventAgeInSeconds(),
            old == null ? null : old.maximumRetryAttempts(),
            old == null ? null : old.deadLetterArn(),
            null),
        null);
  }

  private ScheduleView view(Schedule s, List<ScheduleFire> fires) {
    return new ScheduleView(
        s.arn(),
        s.group(),
        s.name(),
        s.description(),
        s.expression(),
        s.timezone(),
        s.enabled(),
        s.target().arn(),
        s.target().input(),
        s.window().maximumMinutes(),
        s.startDate(),
        s.endDate(),
        schedules.upcoming(s, UPCOMING),
        fires.stream().map(f -> fireView(f, s.name())).toList());
  }

  private static ScheduleFireView fireView(ScheduleFire f, String scheduleName) {
    return new ScheduleFireView(
        f.scheduleArn(),
        scheduleName,
        f.fireTime(),
        f.state(),
        f.attempts(),
        f.runNow(),
        f.executionArn(),
        f.error(),
        f.cause());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
