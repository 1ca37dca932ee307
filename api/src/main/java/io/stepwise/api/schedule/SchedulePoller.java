package io.stepwise.api.schedule;

import io.stepwise.api.ops.NodeLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fires schedules, on every server: each second it plans the fire times that have come (one row per
 * schedule and fire time, written while the schedule's row is locked with {@code SKIP LOCKED}, so
 * one server plans each) and starts the fires that are due, claimed under a lease (so one server
 * starts each; a server that dies mid-start loses its lease and another takes the fire over). A
 * server that was down over a fire time plans it when back, late, as long as it is within the
 * target's MaximumEventAgeInSeconds; older fire times are recorded as EXPIRED, never started.
 */
@ApplicationScoped
public class SchedulePoller implements NodeLoop {
  private static final Logger LOG = Logger.getLogger(SchedulePoller.class);
  private static final Duration IDLE = Duration.ofSeconds(1);

  /** How long a claimed fire stays with its server: far longer than a start takes. */
  static final int LEASE_SECONDS = 60;

  private static final int BATCH = 50;

  /**
   * Fire times planned for one schedule in one pass: a schedule catching up after an outage goes on
   * in the next pass, so one schedule cannot hold the planning transaction for long.
   */
  private static final int MAX_PLANNED_PER_PASS = 100;

  private final PgFires fires;
  private final FireStarter starter;
  private final InstantSource clock;
  private final ScheduleMetrics metrics;
  private final String owner;
  private final boolean enabled;

  @Inject
  public SchedulePoller(
      PgFires fires,
      FireStarter starter,
      InstantSource clock,
      ScheduleMetrics metrics,
      @ConfigProperty(name = "stepwise.schedules.enabled", defaultValue = "true") boolean enabled) {
    this(fires, starter, clock, metrics, UUID.randomUUID().toString(), enabled);
  }

  /** A poller with its own claimant name (tests run several, as several servers would). */
  SchedulePoller(
      PgFires fires,
      FireStarter starter,
      InstantSource clock,
      ScheduleMetrics metrics,
      String owner,
      boolean enabled) {
    this.fires = fires;
    this.starter = starter;
    this.clock = clock;
    this.metrics = metrics;
    this.owner = owner;
    this.enabled = enabled;
  }

  @Override
  public String name() {
    return "stepwise-schedules-" + owner;
  }

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public void beforeFirstPass() {
    LOG.infof("firing schedules as %s", owner);
  }

  /** A pass, then a second's wait unless there is more to do at once. */
  @Override
  public void pass() throws InterruptedException {
    if (!fireDue()) Thread.sleep(IDLE);
  }

  /** Plans the fire times that have come, starts the fires that are due. More to do? */
  boolean fireDue() {
    Instant now = clock.instant();
    int planned = fires.planDue(now, BATCH, (s, p) -> plan(s, p, now));
    List<ScheduleFire> due = fires.claimDue(now, owner, LEASE_SECONDS, BATCH);
    for (ScheduleFire f : due) starter.start(f, owner, clock.instant());
    return planned == BATCH || due.size() == BATCH;
  }

  /**
   * Plans a due schedule's fire times up to {@code now}, each at its place in the flexible window;
   * the schedule's next fire time afterwards (null: none left).
   */
  Instant plan(Schedule s, PgFires.Planned planned, Instant now) {
    ScheduleTiming timing;
    try {
      timing = s.timing();
    } catch (RuntimeException e) {
      // Checked when stored; a time zone the JDK no longer knows must not stop the others.
      LOG.errorf(
          "schedule %s cannot be evaluated any more (%s); it stops", s.arn(), e.getMessage());
      return null;
    }
    Instant fire = s.nextFireAt();
    Instant oldest = now.minusSeconds(s.target().maximumEventAgeInSeconds());
    if (fire.isBefore(oldest)) {
      Optional<Instant> resume = timing.firstFrom(oldest);
      planned.expired(
          s.arn(),
          fire,
          "Not started: the fire times from "
              + fire
              + " until "
              + resume.map(Instant::toString).orElse("its end")
              + " were older than the target's MaximumEventAgeInSeconds ("
              + s.target().maximumEventAgeInSeconds()
              + " s) when a server got to them");
      metrics.expired();
      fire = resume.orElse(null);
    }
    for (int i = 0; fire != null && !fire.isAfter(now) && i < MAX_PLANNED_PER_PASS; i++) {
      planned.fire(s.arn(), fire, s.window().dueAt(s.arn(), fire));
      fire = timing.nextAfter(fire).orElse(null);
    }
    return fire;
  }
}
