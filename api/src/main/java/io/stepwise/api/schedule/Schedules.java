package io.stepwise.api.schedule;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.execution.ExecutionStarter;
import io.stepwise.api.schedule.store.PgSchedules;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The schedule service: EventBridge Scheduler's CreateSchedule, GetSchedule, UpdateSchedule,
 * DeleteSchedule and ListSchedules, for the API and the pages alike, plus what the pages add
 * (enable, disable, run now, the fires of a schedule).
 *
 * <p>A schedule belongs to a team like any resource: the team of its group, or for the default
 * group the creator's. Changing one needs the editor role on it, and its creator (or last editor)
 * must be allowed to start the target ({@code StartExecution} as an operator of the target's team):
 * checked when it is stored and again at every fire ({@link FireStarter}), whose executions start
 * with that identity. Enabling, disabling and "run now" are an operator's. Each method resolves the
 * schedule and asks the {@link Authorizer} before it looks anything up.
 */
@ApplicationScoped
public class Schedules {
  private final PgSchedules schedules;
  private final PgFires fires;
  private final ScheduleGroups groups;
  private final ExecutionStarter starter;
  private final InstantSource clock;
  private final Arns arns;
  private final Authorizer authorizer;
  private final ResourceTeams teams;

  public Schedules(
      PgSchedules schedules,
      PgFires fires,
      ScheduleGroups groups,
      ExecutionStarter starter,
      InstantSource clock,
      Arns arns,
      Authorizer authorizer,
      ResourceTeams teams) {
    this.schedules = schedules;
    this.fires = fires;
    this.groups = groups;
    this.starter = starter;
    this.clock = clock;
    this.arns = arns;
    this.authorizer = authorizer;
    this.teams = teams;
  }

  /**
   * CreateSchedule: the new schedule's ARN (a create sent again with its client token: the same).
   */
  public String create(Caller caller, ScheduleRequest request) {
    String action = "CreateSchedule";
    Instant now = now();
    ScheduleRules.Checked checked = ScheduleRules.check(request, now);
    String group = request.groupOrDefault();
    Arn arn = arns.schedule(group, request.name());
    String team = groups.teamForSchedule(caller, action, group, arn);
    requireTarget(caller, checked.target().arn());
    Instant anchor = request.startDate() != null ? request.startDate() : now;
    Schedule s = schedule(arn, request, checked, caller, anchor, now, now, now);
    if (!schedules.insert(s, request.clientToken())) {
      Optional<String> token = schedules.clientToken(group, request.name());
      if (request.clientToken() != null && token.equals(Optional.of(request.clientToken()))) {
        return arn.toString();
      }
      throw new ServiceException(
          "ConflictException", "Schedule " + request.name() + " already exists.");
    }
    if (team != null) teams.assign(arn.toString(), team, caller.name());
    return arn.toString();
  }

  /** GetSchedule. */
  public Schedule get(Caller caller, String group, String name) {
    return existing(caller, "GetSchedule", Permission.VIEW, group, name);
  }

  /**
   * UpdateSchedule: every member is replaced (AWS: "EventBridge Scheduler uses all values,
   * including empty values"); the updater becomes the identity its fires start with. The next fire
   * time is counted again from now, so a schedule enabled again does not fire for its time off.
   */
  public String update(Caller caller, ScheduleRequest request) {
    String action = "UpdateSchedule";
    Instant now = now();
    ScheduleRules.Checked checked = ScheduleRules.check(request, now);
    Schedule old = existing(caller, action, Permission.EDIT, request.group(), request.name());
    requireTarget(caller, checked.target().arn());
    boolean sameTiming =
        old.expression().equals(request.expression())
            && java.util.Objects.equals(old.startDate(), request.startDate());
    Instant anchor =
        sameTiming ? old.anchor() : request.startDate() != null ? request.startDate() : now;
    Schedule s =
        schedule(
            Arn.parse(old.arn()).orElseThrow(),
            request,
            checked,
            caller,
            anchor,
            old.createdAt(),
            now,
            now);
    if (!schedules.update(s)) throw notFound(request.name());
    return s.arn();
  }

  /** DeleteSchedule: the schedule and its fires not yet started. */
  public void delete(Caller caller, String group, String name) {
    Arn arn = arn(group, name);
    authorizer.require(caller, "DeleteSchedule", Permission.EDIT, arn);
    if (!schedules.delete(arn.qualifier(), name)) throw notFound(name);
    teams.forget(arn.toString());
  }

  /** What ListSchedules narrows to; null members do not narrow. */
  public record Filter(String group, String namePrefix, String state, String targetArn) {}

  /** ListSchedules: the caller's team's schedules by ARN, a page at a time. */
  public Page<Schedule> list(Caller caller, Filter filter, int max, String nextToken) {
    String action = "ListSchedules";
    if (filter.group() != null) ScheduleRules.name("groupName", filter.group());
    if (filter.namePrefix() != null) ScheduleRules.name("namePrefix", filter.namePrefix());
    if (filter.state() != null && !filter.state().matches("ENABLED|DISABLED")) {
      throw Validation.notOneOf("state", filter.state(), "[ENABLED, DISABLED]");
    }
    var visible = authorizer.visibleOwners(caller, action);
    if (filter.group() != null && !groups.exists(filter.group())) {
      throw ScheduleRules.groupNotFound(filter.group());
    }
    String after = PageToken.decode(nextToken);
    List<Schedule> page =
        schedules.page(
            new PgSchedules.Filter(
                filter.group(),
                filter.namePrefix(),
                filter.state(),
                filter.targetArn(),
                visible.orElse(null)),
            after,
            max + 1);
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(page.get(max - 1).arn()) : null);
  }

  /** Enables or disables a schedule (an operator's switch); the schedule afterwards. */
  public Schedule setEnabled(Caller caller, String scheduleArn, boolean enabled) {
    Arn arn = scheduleArn(scheduleArn);
    Schedule old =
        existing(caller, enabled ? "EnableSchedule" : "DisableSchedule", Permission.OPERATE, arn);
    if (old.enabled() == enabled) return old;
    Instant now = now();
    Instant next = enabled ? old.timing().firstFrom(now).orElse(null) : old.nextFireAt();
    Schedule s = old.switched(enabled, next, now);
    if (!schedules.update(s)) throw notFound(old.name());
    return s;
  }

  /**
   * Starts the schedule's target once now, as a fire of its own ({@code run_now}), with the same
   * context attributes, retry policy and owner as its timed fires; the fire's time.
   */
  public Instant runNow(Caller caller, String scheduleArn) {
    Arn arn = scheduleArn(scheduleArn);
    Schedule s = existing(caller, "RunScheduleNow", Permission.OPERATE, arn);
    requireTarget(caller, s.target().arn());
    Instant fireTime = now().truncatedTo(ChronoUnit.MILLIS);
    if (!fires.insertRunNow(s.arn(), fireTime)) {
      throw new ServiceException(
          "ConflictException", "Schedule " + s.name() + " has a fire at " + fireTime + " already.");
    }
    return fireTime;
  }

  /** The schedule's latest fires, newest first. */
  public List<ScheduleFire> fires(Caller caller, String scheduleArn, int max) {
    Arn arn = scheduleArn(scheduleArn);
    existing(caller, "ListScheduleFires", Permission.VIEW, arn);
    return fires.recent(arn.toString(), max);
  }

  /** The schedule and fire time that started an execution the caller may see, if one did. */
  public Optional<ScheduleFire> startedBy(Caller caller, String executionArn) {
    Optional<Arn> execution = Arn.parse(executionArn);
    if (execution.isEmpty() || !authorizer.canSee(caller, execution.get())) return Optional.empty();
    return fires.ofExecution(executionArn);
  }

  /** The next {@code count} fire times of a schedule from now (none while it is disabled). */
  public List<Instant> upcoming(Schedule s, int count) {
    return s.enabled() ? s.timing().upcoming(now(), count) : List.of();
  }

  /**
   * The next {@code count} fire times a schedule as requested would have from now, or the
   * ValidationException the API would give it: the pages' check as a schedule is typed.
   */
  public List<Instant> preview(ScheduleRequest request, int count) {
    Instant now = now();
    ScheduleRules.Checked c = ScheduleRules.check(request, now);
    Instant anchor = request.startDate() != null ? request.startDate() : now;
    return new ScheduleTiming(
            c.expression(),
            TimeZones.of(c.timezone()),
            request.startDate(),
            request.endDate(),
            anchor)
        .upcoming(now, count);
  }

  /** The schedule of an ARN, authorized for the caller. */
  public Schedule byArn(Caller caller, String scheduleArn) {
    return existing(caller, "GetSchedule", Permission.VIEW, scheduleArn(scheduleArn));
  }

  // ---- resolving

  private Schedule existing(
      Caller caller, String action, Permission permission, String group, String name) {
    return existing(caller, action, permission, arn(group, name));
  }

  private Schedule existing(Caller caller, String action, Permission permission, Arn arn) {
    authorizer.require(caller, action, permission, arn);
    return schedules.find(arn.qualifier(), arn.name()).orElseThrow(() -> notFound(arn.name()));
  }

  private Arn arn(String group, String name) {
    ScheduleRules.name("name", name);
    if (group != null) ScheduleRules.name("groupName", group);
    return arns.schedule(group == null ? ScheduleGroup.DEFAULT : group, name);
  }

  private Arn scheduleArn(String text) {
    try {
      return arns.require(text, Arn.Kind.SCHEDULE);
    } catch (ServiceException e) {
      throw Validation.failed("Invalid schedule ARN " + text + ".");
    }
  }

  /**
   * The target must be a state machine, version or alias of this installation that the caller may
   * start (its role and team) and that exists.
   */
  private void requireTarget(Caller caller, String targetArn) {
    ExecutionStarter.TargetName target;
    try {
      target = starter.name(targetArn);
    } catch (ServiceException e) {
      throw Validation.failed(
          "Target Arn "
              + targetArn
              + " is not a state machine, version or alias of this Stepwise: its schedules start"
              + " Step Functions executions.");
    }
    authorizer.require(caller, "StartExecution", Permission.OPERATE, target.arn());
    try {
      starter.resolve(target);
    } catch (ServiceException e) {
      throw Validation.failed("Target Arn " + targetArn + " cannot be started: " + e.getMessage());
    }
  }

  private Schedule schedule(
      Arn arn,
      ScheduleRequest r,
      ScheduleRules.Checked c,
      Caller owner,
      Instant anchor,
      Instant createdAt,
      Instant updatedAt,
      Instant now) {
    Schedule draft =
        new Schedule(
            arn.toString(),
            arn.qualifier(),
            arn.name(),
            r.description(),
            c.expression().text(),
            c.timezone(),
            r.startDate(),
            r.endDate(),
            c.enabled(),
            c.window(),
            c.deleteAfterCompletion(),
            r.kmsKeyArn(),
            c.target(),
            owner,
            anchor,
            null,
            createdAt,
            updatedAt);
    return draft.withNextFireAt(draft.timing().firstFrom(now).orElse(null));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static ServiceException notFound(String name) {
    return new ServiceException(
        "ResourceNotFoundException", "Schedule " + name + " does not exist.");
  }
}
