package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cluster.Cluster.Node;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Schedules on three packaged servers sharing one PostgreSQL, in real time: 48 schedules fire every
 * minute ({@code cron(* * * * ? *)}) while each server plans and starts fires; the server that
 * holds claimed fires it has not finished at a fire time is killed with SIGKILL, and another
 * started. Every fire time of every schedule starts exactly one execution: none is lost (a fire the
 * dead server had claimed is taken over when its lease runs out) and none is doubled (the
 * execution's name derives from schedule and fire time).
 */
class SchedulesAcrossServersIT {
  private static final int SCHEDULES = 48;

  @Test
  void everyFireTimeStartsExactlyOneExecutionThoughAServerIsKilledAtAFireTime() throws Exception {
    Assumptions.assumeTrue(Cluster.serverJar() != null, "api is not packaged");
    try (Cluster cluster = new Cluster("schedules-across")) {
      cluster.startPostgres(true);
      int db = cluster.postgresPort();
      Node a = cluster.startServer("server-a", db, "-Xmx384m");
      cluster.awaitReady(a, Duration.ofSeconds(180)); // migrates the schema first
      Node b = cluster.startServer("server-b", db, "-Xmx384m");
      Node c = cluster.startServer("server-c", db, "-Xmx384m");
      cluster.awaitReady(b, Duration.ofSeconds(180));
      cluster.awaitReady(c, Duration.ofSeconds(180));

      String machine;
      try (SfnClient sfn = Cluster.client(a.endpoint(), 3)) {
        machine =
            sfn.createStateMachine(
                    r ->
                        r.name("every-minute")
                            .roleArn(Cluster.ROLE)
                            .definition(
                                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                                    + "\"End\":true}}}"))
                .stateMachineArn();
      }
      // Creating them all takes a second or two: not across a minute (their first fire times
      // would differ).
      Instant now = Instant.now();
      if (now.atZone(java.time.ZoneOffset.UTC).getSecond() > 30) {
        sleepUntil(now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(62));
      }
      Instant created;
      try (SchedulerClient scheduler = scheduler(a.endpoint())) {
        for (int i = 0; i < SCHEDULES; i++) {
          String name = "minutely-" + i;
          scheduler.createSchedule(
              r ->
                  r.name(name)
                      .scheduleExpression("cron(* * * * ? *)")
                      .flexibleTimeWindow(
                          FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build())
                      .target(
                          Target.builder()
                              .arn(machine)
                              .roleArn(Cluster.ROLE)
                              .input("{\"at\":\"<aws.scheduler.scheduled-time>\"}")
                              .build()));
        }
        created = Instant.now();
      }

      // At a fire time, kill whichever server holds fires it claimed and has not closed (each
      // claims up to 50 in a pass, so one server often takes all 48 of a minute; the claimant
      // names are in the logs), then start another in its place.
      Map<String, Node> byClaimant = new HashMap<>();
      for (Node n : List.of(a, b, c)) byClaimant.put(claimant(n), n);
      Instant kill = null;
      Node killed = null;
      try (Connection sql = cluster.sql()) {
        for (Instant t = created.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            kill == null && t.isBefore(created.plus(4, ChronoUnit.MINUTES));
            t = t.plus(1, ChronoUnit.MINUTES)) {
          sleepUntil(t);
          long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (kill == null && System.nanoTime() < until) {
            String holder = holder(sql);
            if (holder != null && byClaimant.containsKey(holder)) {
              killed = byClaimant.get(holder);
              killed.kill();
              kill = t;
              System.out.println(
                  "killed "
                      + killed.name()
                      + " at the fire time "
                      + t
                      + " holding "
                      + count(
                          sql,
                          "SELECT count(*) FROM schedule_fires WHERE state = 'PENDING'"
                              + " AND lease_owner = '"
                              + holder
                              + "'")
                      + " claimed fires");
            } else {
              Thread.sleep(5);
            }
          }
        }
        assertThat(kill).as("a server held claimed fires at a fire time").isNotNull();
      }
      Node replacement = cluster.startServer(killed.name() + "-2", db, "-Xmx384m");
      cluster.awaitReady(replacement, Duration.ofSeconds(180));

      // Two more fire times after the kill, then until every fire time up to the last is planned
      // and closed (a fire the dead server held waits for its lease: 60 s; on a loaded machine
      // the last fire time may not even be planned a second after it).
      Instant last = kill.plus(2, ChronoUnit.MINUTES);
      List<Instant> expected = new ArrayList<>();
      for (Instant t = created.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
          !t.isAfter(last);
          t = t.plus(1, ChronoUnit.MINUTES)) {
        expected.add(t);
      }
      assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
      sleepUntil(last.plusSeconds(1));
      try (Connection sql = cluster.sql()) {
        String closed =
            "SELECT count(*) FROM schedule_fires WHERE state <> 'PENDING' AND fire_time <= '"
                + last
                + "'";
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (count(sql, closed) < (long) SCHEDULES * expected.size()
            && System.nanoTime() < deadline) {
          Thread.sleep(1_000);
        }
        for (int i = 0; i < SCHEDULES; i++) {
          String schedule =
              "arn:aws:scheduler:us-east-1:123456789012:schedule/default/minutely-" + i;
          TreeSet<Instant> started = new TreeSet<>();
          try (PreparedStatement q =
              sql.prepareStatement(
                  "SELECT fire_time FROM schedule_fires WHERE schedule_arn = ?"
                      + " AND state = 'STARTED' AND fire_time <= ?")) {
            q.setString(1, schedule);
            q.setObject(2, java.time.OffsetDateTime.ofInstant(last, java.time.ZoneOffset.UTC));
            try (ResultSet r = q.executeQuery()) {
              while (r.next())
                started.add(r.getObject(1, java.time.OffsetDateTime.class).toInstant());
            }
          }
          assertThat(started).as(schedule).containsExactlyElementsOf(expected);
        }
        long fires =
            count(
                sql,
                "SELECT count(*) FROM schedule_fires WHERE state = 'STARTED' AND fire_time <= '"
                    + last
                    + "'");
        long executions =
            count(
                sql,
                "SELECT count(*) FROM executions WHERE state_machine_arn = '"
                    + machine
                    + "'"
                    + " AND arn IN (SELECT execution_arn FROM schedule_fires WHERE fire_time <= '"
                    + last
                    + "')");
        long allExecutions =
            count(
                sql, "SELECT count(*) FROM executions WHERE state_machine_arn = '" + machine + "'");
        assertThat(fires).isEqualTo((long) SCHEDULES * expected.size());
        assertThat(executions).isEqualTo(fires);
        // No execution that no fire row accounts for (a doubled start would be one).
        assertThat(
                count(
                    sql,
                    "SELECT count(*) FROM executions e WHERE e.state_machine_arn = '"
                        + machine
                        + "' AND NOT EXISTS (SELECT 1 FROM schedule_fires f"
                        + " WHERE f.execution_arn = e.arn)"))
            .isZero();
        assertThat(allExecutions).isGreaterThanOrEqualTo(executions);
      }
      cluster.passed();
    }
  }

  /** The claimant of some claimed, not yet closed fire, or null. */
  private static String holder(Connection sql) throws Exception {
    try (var q = sql.createStatement();
        ResultSet r =
            q.executeQuery(
                "SELECT lease_owner FROM schedule_fires WHERE state = 'PENDING'"
                    + " AND lease_owner IS NOT NULL AND lease_until > now() LIMIT 1")) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** The name a server's schedule poller claims fires under, from its log. */
  private static String claimant(Node server) throws Exception {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("firing schedules as (\\S+)");
    for (int i = 0; i < 100; i++) {
      java.util.regex.Matcher m = p.matcher(java.nio.file.Files.readString(server.log()));
      if (m.find()) return m.group(1);
      Thread.sleep(100);
    }
    throw new AssertionError("no claimant in " + server.log());
  }

  private static SchedulerClient scheduler(URI endpoint) {
    return SchedulerClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("cluster", "cluster")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static long count(Connection sql, String query) throws Exception {
    try (var s = sql.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long millis = Duration.between(Instant.now(), t).toMillis();
    if (millis > 0) Thread.sleep(millis);
  }
}
