package io.stepwise.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.ops.BackgroundLoops;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.json.Json;
import io.stepwise.server.clock.ServerClock;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Firing on a test clock, with three pollers on one PostgreSQL as three servers would run them:
 * each fire time starts exactly one execution; a start interrupted after its execution began is
 * finished by another server without a second execution; a server down over fire times fires the
 * recent ones late and records the older ones as expired; refusals fail at once; one-time schedules
 * delete themselves; disabled schedules do not fire; "run now" starts once.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ScheduleFiringTest {
  /** Far from the real clock, so no schedule of another test is due in between. */
  private static final Instant T0 = Instant.parse("2031-03-01T10:00:30Z");

  @Inject ServerClock scheduleClock;
  @Inject SchedulePoller appPoller;
  @Inject BackgroundLoops loops;
  @Inject PgFires fires;
  @Inject FireStarter starter;
  @Inject ScheduleMetrics metrics;
  @Inject Executions executions;
  @Inject Database db;
  @Inject MeterRegistry registry;

  final SchedulerClient scheduler = SchedulerClients.client();
  final SfnClient sfn = Sfn.client();
  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final List<BackgroundLoops.Running> servers = new ArrayList<>();

  @BeforeEach
  void testClock() {
    InstantSource clock = now::get;
    scheduleClock.use(clock);
  }

  @AfterEach
  void realClock() {
    servers.forEach(BackgroundLoops.Running::stop);
    loops.resume(appPoller);
    scheduleClock.use(InstantSource.system());
  }

  /** The server's own poller and two more, as two more servers on the same database. */
  private void threeServers() {
    loops.resume(appPoller);
    for (String name : List.of("server-2", "server-3")) {
      servers.add(
          loops.start(new SchedulePoller(fires, starter, scheduleClock, metrics, name, true)));
    }
  }

  private void noServers() {
    loops.pause(appPoller);
    servers.forEach(BackgroundLoops.Running::stop);
    servers.clear();
  }

  @Test
  void eachFireTimeStartsExactlyOneExecutionAcrossThreeServers() {
    String machine = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    String name = Sfn.unique("every-minute");
    String arn =
        create(
            b ->
                b.name(name)
                    .scheduleExpression("cron(* * * * ? *)")
                    .target(
                        Target.builder()
                            .arn(machine)
                            .roleArn(Sfn.ROLE)
                            .input(
                                "{\"time\":\"<aws.scheduler.scheduled-time>\","
                                    + "\"schedule\":\"<aws.scheduler.schedule-arn>\","
                                    + "\"attempt\":<aws.scheduler.attempt-number>,"
                                    + "\"id\":\"<aws.scheduler.execution-id>\"}")
                            .build()));
    threeServers();
    List<Instant> fireTimes = new ArrayList<>();
    for (int minute = 1; minute <= 10; minute++) {
      Instant fireTime = T0.plusSeconds(60L * minute).minusSeconds(30);
      fireTimes.add(fireTime);
      now.set(fireTime.plusSeconds(1));
      await(() -> state(arn, fireTime).equals("STARTED"), "the fire of " + fireTime);
    }

    List<ExecutionListItem> started =
        sfn.listExecutions(b -> b.stateMachineArn(machine)).executions();
    assertThat(started).hasSize(10);
    assertThat(started)
        .extracting(ExecutionListItem::name)
        .containsExactlyInAnyOrderElementsOf(
            fireTimes.stream().map(t -> FireNames.execution(arn, name, t)).toList());
    Set<String> ids = new HashSet<>();
    for (Instant fireTime : fireTimes) {
      String executionArn = executionOf(arn, fireTime);
      JsonNode input =
          Json.parseTrusted(sfn.describeExecution(b -> b.executionArn(executionArn)).input());
      assertThat(input.path("time").asText()).isEqualTo(fireTime.toString());
      assertThat(input.path("schedule").asText()).isEqualTo(arn);
      assertThat(input.path("attempt").asInt()).isEqualTo(1);
      ids.add(input.path("id").asText());
    }
    assertThat(ids).hasSize(10);
    assertThat(count(arn)).isEqualTo(10);
  }

  @Test
  void aStartInterruptedAfterItsExecutionBeganIsFinishedByAnotherServerNotRepeated() {
    noServers();
    String machine = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    String name = Sfn.unique("interrupted");
    Instant fireTime = T0.plusSeconds(90);
    String arn =
        create(
            b ->
                b.name(name)
                    .scheduleExpression("at(2031-03-01T10:02:00)")
                    .target(SchedulerClients.target(machine)));
    // A server plans and claims the fire, starts its execution and dies before closing the fire.
    now.set(fireTime);
    SchedulePoller dead = new SchedulePoller(fires, starter, scheduleClock, metrics, "dead", false);
    fires.planDue(now.get(), 50, (s, p) -> dead.plan(s, p, now.get()));
    List<ScheduleFire> claimed =
        fires.claimDue(now.get(), "dead", SchedulePoller.LEASE_SECONDS, 50).stream()
            .filter(f -> f.scheduleArn().equals(arn))
            .toList();
    assertThat(claimed).hasSize(1);
    String first =
        executions
            .start(Caller.SYSTEM, machine, FireNames.execution(arn, name, fireTime), "{}")
            .executionArn();

    // The others take the fire over once the dead server's lease has run out, and find its start.
    threeServers();
    now.set(fireTime.plusSeconds(SchedulePoller.LEASE_SECONDS / 2));
    sleep(Duration.ofSeconds(3));
    assertThat(state(arn, fireTime)).isEqualTo("PENDING");
    now.set(fireTime.plusSeconds(SchedulePoller.LEASE_SECONDS + 1));
    await(() -> state(arn, fireTime).equals("STARTED"), "the fire taken over");
    assertThat(executionOf(arn, fireTime)).isEqualTo(first);
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    assertThat(attempts(arn, fireTime)).isEqualTo(2);
  }

  @Test
  void aServerDownOverFireTimesFiresTheRecentOnesLateAndRecordsTheOlderAsExpired() {
    noServers();
    String machine = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    String arn =
        create(
            b ->
                b.name(Sfn.unique("while-down"))
                    .scheduleExpression("cron(* * * * ? *)")
                    .target(
                        Target.builder()
                            .arn(machine)
                            .roleArn(Sfn.ROLE)
                            .retryPolicy(
                                RetryPolicy.builder().maximumEventAgeInSeconds(180).build())
                            .build()));
    double lateBefore = registry.counter("stepwise.schedule.fires.late").count();
    // Down from before the first fire time (10:01:00) until 10:10:30.
    now.set(T0.plusSeconds(600));
    threeServers();
    // Within 180 s of 10:10:30: 10:08, 10:09 and 10:10, each started once, late.
    List<Instant> recent =
        List.of(
            Instant.parse("2031-03-01T10:08:00Z"),
            Instant.parse("2031-03-01T10:09:00Z"),
            Instant.parse("2031-03-01T10:10:00Z"));
    for (Instant t : recent) await(() -> state(arn, t).equals("STARTED"), "late fire " + t);
    assertThat(state(arn, Instant.parse("2031-03-01T10:01:00Z"))).isEqualTo("EXPIRED");
    assertThat(count(arn)).isEqualTo(4);
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(3);
    assertThat(registry.counter("stepwise.schedule.fires.late").count() - lateBefore)
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void refusedStartsFailAtOnceAndOneTimeSchedulesDeleteThemselves() {
    threeServers();
    String machine = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    String once = Sfn.unique("once");
    String onceArn =
        create(
            b ->
                b.name(once)
                    .scheduleExpression("at(2031-03-01T10:05:00)")
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(SchedulerClients.target(machine)));
    String doomed = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    String refusedArn =
        create(
            b ->
                b.name(Sfn.unique("target-gone"))
                    .scheduleExpression("at(2031-03-01T10:05:00)")
                    .target(SchedulerClients.target(doomed)));
    sfn.deleteStateMachine(b -> b.stateMachineArn(doomed));
    Instant fireTime = Instant.parse("2031-03-01T10:05:00Z");
    now.set(fireTime.plusSeconds(1));
    await(() -> state(refusedArn, fireTime).equals("FAILED"), "the refused fire");
    assertThat(attempts(refusedArn, fireTime)).isEqualTo(1);
    assertThat(column(refusedArn, fireTime, "error")).isEqualTo("StateMachineDoesNotExist");

    await(() -> state(onceArn, fireTime).equals("STARTED"), "the one-time fire");
    await(
        () ->
            !scheduler.listSchedules(b -> b.namePrefix(once)).hasSchedules()
                || scheduler.listSchedules(b -> b.namePrefix(once)).schedules().isEmpty(),
        "the one-time schedule deleting itself");
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
  }

  @Test
  void disabledSchedulesDoNotFireAndRunNowStartsOnce() {
    threeServers();
    String machine = Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    String name = Sfn.unique("switched");
    String arn =
        create(
            b ->
                b.name(name)
                    .state(ScheduleState.DISABLED)
                    .scheduleExpression("cron(* * * * ? *)")
                    .target(SchedulerClients.target(machine)));
    now.set(T0.plusSeconds(300));
    sleep(Duration.ofSeconds(3));
    assertThat(count(arn)).isZero();

    Instant ranAt = schedulesService().runNow(Caller.SYSTEM, arn);
    await(() -> state(arn, ranAt).equals("STARTED"), "run now");
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);

    // Enabled at 10:05:30: fires from 10:06, not for the minutes it was off.
    schedulesService().setEnabled(Caller.SYSTEM, arn, true);
    now.set(T0.plusSeconds(331));
    Instant next = Instant.parse("2031-03-01T10:06:00Z");
    await(() -> state(arn, next).equals("STARTED"), "the first fire after enabling");
    assertThat(count(arn)).isEqualTo(2);
  }

  @Inject Schedules schedules;

  private Schedules schedulesService() {
    return schedules;
  }

  // ---- helpers

  private String create(java.util.function.Consumer<CreateScheduleRequest.Builder> spec) {
    return scheduler
        .createSchedule(
            b -> {
              b.flexibleTimeWindow(SchedulerClients.OFF);
              spec.accept(b);
            })
        .scheduleArn();
  }

  private String state(String scheduleArn, Instant fireTime) {
    String s = column(scheduleArn, fireTime, "state");
    return s == null ? "" : s;
  }

  private String executionOf(String scheduleArn, Instant fireTime) {
    return column(scheduleArn, fireTime, "execution_arn");
  }

  private int attempts(String scheduleArn, Instant fireTime) {
    for (Row row :
        db.query(
            "SELECT attempts FROM schedule_fires WHERE schedule_arn = $1 AND fire_time = $2",
            scheduleArn,
            fireTime)) {
      return row.getInteger(0);
    }
    return -1;
  }

  private String column(String scheduleArn, Instant fireTime, String column) {
    for (Row row :
        db.query(
            "SELECT " + column + " FROM schedule_fires WHERE schedule_arn = $1 AND fire_time = $2",
            scheduleArn,
            fireTime)) {
      return row.getString(0);
    }
    return null;
  }

  private long count(String scheduleArn) {
    return db.query("SELECT count(*) FROM schedule_fires WHERE schedule_arn = $1", scheduleArn)
        .iterator()
        .next()
        .getLong(0);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      sleep(Duration.ofMillis(100));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
