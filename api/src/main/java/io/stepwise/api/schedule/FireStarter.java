package io.stepwise.api.schedule;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.execution.ExecutionStarter;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.execution.StartedBy;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.api.schedule.store.PgSchedules;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Starts the execution of one claimed fire through the ordinary StartExecution path ({@link
 * Executions#start}), as the schedule's owner, so the owner must still be allowed to start the
 * target (its role and its team, checked at every fire). The execution's name derives from schedule
 * and fire time: a start tried again finds the execution an earlier attempt made (StartExecution is
 * idempotent; a closed one answers ExecutionAlreadyExists, which is taken as that same start).
 *
 * <p>A refusal (no such machine, access denied, bad input) ends the fire as FAILED at once; other
 * failures (the database, a bug) are tried again with exponential back-off, up to the target's
 * MaximumRetryAttempts and within its MaximumEventAgeInSeconds of the fire time (AWS's
 * RetryPolicy).
 */
@ApplicationScoped
public class FireStarter {
  private static final Logger LOG = Logger.getLogger(FireStarter.class);

  /** Failures worth another attempt: the service could not take the start just now. */
  private static final Set<String> TRANSIENT =
      Set.of(
          "ServiceUnavailable", "ThrottlingException", "ExecutionLimitExceeded", "InternalFailure");

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final Executions executions;
  private final PgSchedules schedules;
  private final PgFires fires;
  private final ResourceTeams teams;
  private final AuditLog audit;
  private final ScheduleMetrics metrics;
  private final StartedBy startedBy;

  public FireStarter(
      StartedBy startedBy,
      Executions executions,
      PgSchedules schedules,
      PgFires fires,
      ResourceTeams teams,
      AuditLog audit,
      ScheduleMetrics metrics) {
    this.startedBy = startedBy;
    this.executions = executions;
    this.schedules = schedules;
    this.fires = fires;
    this.teams = teams;
    this.audit = audit;
    this.metrics = metrics;
  }

  /** Starts a fire that {@code claimant} claimed; {@code now} is the schedules' clock. */
  void start(ScheduleFire fire, String claimant, Instant now) {
    Optional<Schedule> found = schedules.findByArn(fire.scheduleArn());
    if (found.isEmpty()) {
      // Deleted between the claim and now: its fires go with it.
      fires.ended(fire, claimant, "FAILED", "ResourceNotFoundException", "deleted", now);
      return;
    }
    Schedule s = found.get();
    ScheduleTarget target = s.target();
    if (Duration.between(fire.fireTime(), now).toSeconds() > target.maximumEventAgeInSeconds()) {
      if (fires.ended(fire, claimant, "EXPIRED", null, tooOld(target), now)) metrics.expired();
      completed(s);
      return;
    }
    String name = FireNames.execution(s.arn(), s.name(), fire.fireTime());
    ContextAttributes context =
        new ContextAttributes(
            s.arn(),
            fire.fireTime(),
            FireNames.attemptId(s.arn(), fire.fireTime(), fire.attempts()),
            fire.attempts());
    String detail = "fire of " + s.arn() + " for " + fire.fireTime();
    try {
      String executionArn;
      try {
        ExecutionStarter.Start started =
            executions.start(s.owner(), target.arn(), name, context.render(target.input()));
        executionArn = started.executionArn();
      } catch (ServiceException e) {
        if (!e.code().equals("ExecutionAlreadyExists")) throw e;
        // An earlier attempt started it (and it has ended since): the name is this fire's. The
        // name can be computed by anybody, so an execution of it somebody else started (a webhook
        // sender's idempotency key, another operator) is not taken for this fire's.
        executionArn =
            Arn.parse(target.arn()).orElseThrow().stateMachine().execution(name).toString();
        if (!startedBy.startedBy(executionArn).equals(StartedBy.of(s.owner()))) {
          throw new ServiceException(
              "ExecutionAlreadyExists",
              "An execution named "
                  + name
                  + " was started by someone other than the schedule's owner");
        }
      }
      audit.record(s.owner(), "StartExecution", target.arn(), "ok", detail);
      if (fires.started(fire, claimant, executionArn, now)) {
        metrics.started(Duration.between(fire.dueAt(), now));
      }
    } catch (ServiceException e) {
      metrics.startFailed();
      if (TRANSIENT.contains(e.code())) {
        retryOrFail(s, fire, claimant, e.code(), e.getMessage(), now);
      } else {
        audit.record(s.owner(), "StartExecution", target.arn(), e.code(), detail);
        if (fires.ended(fire, claimant, "FAILED", e.code(), e.getMessage(), now)) metrics.failed();
      }
    } catch (RuntimeException e) {
      metrics.startFailed();
      if (DatabaseOutage.causedBy(e)) throw e; // the fire stays leased and is taken again later
      LOG.errorf(e, "starting %s failed", detail);
      retryOrFail(s, fire, claimant, "InternalFailure", "The start failed inside the server", now);
    }
    completed(s);
  }

  /** Another attempt after an exponential back-off, if the retry policy leaves room for one. */
  private void retryOrFail(
      Schedule s, ScheduleFire fire, String claimant, String error, String cause, Instant now) {
    ScheduleTarget target = s.target();
    Duration backoff = Duration.ofSeconds(1L << Math.min(fire.attempts() - 1, 20));
    if (backoff.compareTo(MAX_BACKOFF) > 0) backoff = MAX_BACKOFF;
    Instant next = now.plus(backoff);
    boolean attemptsLeft = fire.attempts() <= target.maximumRetryAttempts();
    boolean timeLeft =
        Duration.between(fire.fireTime(), next).toSeconds() <= target.maximumEventAgeInSeconds();
    if (attemptsLeft && timeLeft) {
      fires.retryAt(fire, claimant, next, error, cause);
    } else if (fires.ended(fire, claimant, "FAILED", error, cause, now)) {
      metrics.failed();
    }
  }

  /**
   * ActionAfterCompletion DELETE: a schedule with no fire time left and no fire waiting is deleted
   * (AWS: after it completes invoking its target).
   */
  private void completed(Schedule s) {
    if (!s.deleteAfterCompletion() || s.nextFireAt() != null || fires.anyPending(s.arn())) return;
    if (schedules.delete(s.group(), s.name())) teams.forget(s.arn());
  }

  private static String tooOld(ScheduleTarget target) {
    return "Not started: older than the target's MaximumEventAgeInSeconds ("
        + target.maximumEventAgeInSeconds()
        + " s) when a server got to it";
  }
}
