package io.stepwise.api.security;

import static io.stepwise.api.security.SsoApiTest.ok;
import static io.stepwise.api.security.SsoApiTest.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.audit.AuditLog;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web UI through the one authorizer: lists, pages and streams show only the caller's teams'
 * state machines and executions (an admin sees all); stopping needs the operator role.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TeamPagesTest {
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  private static String start(String user, String machine, String name) throws Exception {
    return ok(
            user,
            "StartExecution",
            "{\"stateMachineArn\":\"" + machine + "\",\"name\":\"" + name + "\"}")
        .get("executionArn")
        .asText();
  }

  private static String status(String execution) throws Exception {
    return ok("ada", "DescribeExecution", "{\"executionArn\":\"" + execution + "\"}")
        .get("status")
        .asText();
  }

  private static String enc(String arn) {
    return URLEncoder.encode(arn, StandardCharsets.UTF_8);
  }

  @Test
  void aViewerSeesOnlyTheirTeamsMachinesAndExecutions() throws Exception {
    String nameA = Sfn.unique("ui-a");
    String nameB = Sfn.unique("ui-b");
    String a = SsoApiTest.create("eve", nameA, WAIT);
    String b = SsoApiTest.create("bob", nameB, WAIT);
    String runA = Sfn.unique("run-a");
    String runB = Sfn.unique("run-b");
    String execA = start("oscar", a, runA);
    String execB = start("bob", b, runB);

    HttpResponse<String> machines = page("alice", "GET", "/state-machines", null);
    assertThat(machines.statusCode()).isEqualTo(200);
    assertThat(machines.body()).contains(nameA).doesNotContain(nameB);

    HttpResponse<String> executions = page("alice", "GET", "/executions", null);
    assertThat(executions.statusCode()).isEqualTo(200);
    assertThat(executions.body()).contains(runA).doesNotContain(runB);

    assertThat(page("bob", "GET", "/executions", null).body()).contains(runB).doesNotContain(runA);
    assertThat(page("ada", "GET", "/executions", null).body()).contains(runA, runB);
    assertThat(page("ada", "GET", "/state-machines", null).body()).contains(nameA, nameB);

    assertThat(page("alice", "GET", "/executions/" + enc(execB), null).statusCode()).isEqualTo(403);
    assertThat(page("alice", "GET", "/executions/" + enc(execB) + "/stream", null).statusCode())
        .isEqualTo(403);
    assertThat(page("alice", "GET", "/state-machines/" + nameB, null).statusCode()).isEqualTo(403);
    assertThat(page("alice", "GET", "/executions/" + enc(execA), null).statusCode()).isEqualTo(200);
    // A machine filter naming another team's machine lists nothing of it.
    assertThat(page("alice", "GET", "/executions?stateMachine=" + enc(b), null).body())
        .doesNotContain(runB);
  }

  @Test
  void anOperatorMayStopAndAViewerMayNot() throws Exception {
    String machine = SsoApiTest.create("eve", Sfn.unique("ui-stop"), WAIT);
    String execution = start("oscar", machine, Sfn.unique("stop-me"));
    String stop = "/executions/" + enc(execution) + "/stop";

    assertThat(page("alice", "POST", stop, "").statusCode()).isEqualTo(403);
    assertThat(status(execution)).isEqualTo("RUNNING");
    // bob operates team-b, not team-a.
    assertThat(page("bob", "POST", stop, "").statusCode()).isEqualTo(403);
    assertThat(status(execution)).isEqualTo("RUNNING");

    assertThat(page("oscar", "POST", stop, "").statusCode()).isEqualTo(303);
    assertThat(status(execution)).isEqualTo("ABORTED");
  }

  /**
   * A Map Run's page is its state machine's team's: a viewer sees it and may not update it, another
   * team sees neither it nor its children, an operator updates it.
   */
  @Test
  void aMapRunIsItsTeamsAndOnlyAnOperatorUpdatesIt() throws Exception {
    String machine =
        SsoApiTest.create(
            "eve",
            Sfn.unique("ui-map"),
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":1,"
                + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":"
                + "{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}},\"End\":true}}}");
    String execution =
        ok(
                "oscar",
                "StartExecution",
                "{\"stateMachineArn\":\"" + machine + "\",\"input\":\"[1,2]\"}")
            .get("executionArn")
            .asText();
    String mapRun = null;
    for (int i = 0; i < 200 && mapRun == null; i++) {
      var runs = ok("ada", "ListMapRuns", "{\"executionArn\":\"" + execution + "\"}");
      if (!runs.get("mapRuns").isEmpty()) {
        mapRun = runs.get("mapRuns").get(0).get("mapRunArn").asText();
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(mapRun).as("a Map Run of " + execution).isNotNull();
    String child = null;
    for (int i = 0; i < 200 && child == null; i++) {
      var children = ok("ada", "ListExecutions", "{\"mapRunArn\":\"" + mapRun + "\"}");
      if (!children.get("executions").isEmpty()) {
        child = children.get("executions").get(0).get("name").asText();
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(child).as("a child of " + mapRun).isNotNull();
    String page = "/map-runs/" + enc(mapRun);
    String describe = "{\"mapRunArn\":\"" + mapRun + "\"}";

    assertThat(page("alice", "GET", page, null).body()).contains("Map Run", child);
    assertThat(page("alice", "POST", page, "maxConcurrency=9").statusCode()).isEqualTo(403);
    assertThat(page("bob", "GET", page, null).statusCode()).isEqualTo(403);
    assertThat(page("bob", "POST", page, "maxConcurrency=9").statusCode()).isEqualTo(403);
    assertThat(page("bob", "GET", "/executions", null).body()).doesNotContain(child);
    assertThat(ok("ada", "DescribeMapRun", describe).get("maxConcurrency").asInt()).isEqualTo(1);

    assertThat(page("oscar", "POST", page, "maxConcurrency=-1").statusCode()).isEqualTo(400);
    assertThat(page("oscar", "POST", page, "maxConcurrency=2").statusCode()).isEqualTo(303);
    assertThat(ok("ada", "DescribeMapRun", describe).get("maxConcurrency").asInt()).isEqualTo(2);
    page("oscar", "POST", "/executions/" + enc(execution) + "/stop", "");
  }

  /** The activities page lists the caller's teams' activities only. */
  @Test
  void anotherTeamsActivitiesAreNotListed() throws Exception {
    String name = Sfn.unique("ui-activity");
    ok("eve", "CreateActivity", "{\"name\":\"" + name + "\"}");
    HttpResponse<String> mine = page("alice", "GET", "/activities", null);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).contains(name);
    assertThat(page("bob", "GET", "/activities", null).body()).doesNotContain(name);
    assertThat(page("ada", "GET", "/activities", null).body()).contains(name);
  }

  @Inject AuditLog audit;

  private static String bulk(String action, String scope, String extra) {
    return "action="
        + action
        + "&scope="
        + scope
        + "&done=0&succeeded=0&failed=0&before="
        + (System.currentTimeMillis() + 1000)
        + extra;
  }

  /**
   * The attacker's bulk request: one form naming an execution of the caller's team and one of
   * another team. Each execution is authorized where the service resolves it, so a viewer stops
   * none, an operator of team-b only team-b's, and a whole-search stop never reaches what the
   * caller cannot see; each stop is audited.
   */
  @Test
  void bulkStopsAreCheckedExecutionByExecution() throws Exception {
    String machineA = SsoApiTest.create("eve", Sfn.unique("bulk-a"), WAIT);
    String machineB = SsoApiTest.create("bob", Sfn.unique("bulk-b"), WAIT);
    String execA = start("oscar", machineA, Sfn.unique("bulk-a"));
    String execB = start("bob", machineB, Sfn.unique("bulk-b"));
    String both = "&limit=2&execution=" + enc(execA) + "&execution=" + enc(execB);

    HttpResponse<String> viewer =
        page("alice", "POST", "/executions/bulk/run", bulk("stop", "picked", both));
    assertThat(viewer.statusCode()).isEqualTo(200);
    assertThat(viewer.body()).contains("0 stopped, 2 refused");
    assertThat(status(execA)).isEqualTo("RUNNING");
    assertThat(status(execB)).isEqualTo("RUNNING");

    Instant before = Instant.now();
    HttpResponse<String> other =
        page("bob", "POST", "/executions/bulk/run", bulk("stop", "picked", both));
    assertThat(other.body()).contains("1 stopped, 1 refused");
    assertThat(status(execA)).isEqualTo("RUNNING");
    assertThat(status(execB)).isEqualTo("ABORTED");

    String execB2 = start("bob", machineB, Sfn.unique("bulk-b2"));
    // All that match "RUNNING" for bob: team-a's execution is not among them.
    HttpResponse<String> confirm =
        page("bob", "POST", "/executions/bulk", "action=stop&scope=search&status=RUNNING");
    assertThat(confirm.body()).doesNotContain(execA);
    HttpResponse<String> search =
        page(
            "bob",
            "POST",
            "/executions/bulk/run",
            bulk("stop", "search", "&limit=1000&status=RUNNING"));
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.body()).doesNotContain(execA.substring(execA.lastIndexOf(':') + 1));
    assertThat(status(execA)).isEqualTo("RUNNING");
    assertThat(status(execB2)).isEqualTo("ABORTED");

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<AuditLog.Entry> stops = List.of();
    while (System.nanoTime() < deadline) {
      stops =
          audit.newest(500, before).stream()
              .filter(e -> e.action().equals("StopExecution"))
              .filter(e -> e.resource().equals(execB) || e.resource().equals(execB2))
              .toList();
      if (stops.size() >= 2) break;
      Thread.sleep(50);
    }
    assertThat(stops)
        .extracting(AuditLog.Entry::outcome, AuditLog.Entry::detail)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("ok", "from the web UI"))
        .hasSize(2);
    assertThat(stops).allSatisfy(e -> assertThat(e.actor()).startsWith("bob"));
  }
}
