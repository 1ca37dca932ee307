package io.stepwise.api.security;

import static io.stepwise.api.security.SsoApiTest.call;
import static io.stepwise.api.security.SsoApiTest.ok;
import static io.stepwise.api.security.SsoApiTest.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows of the trust-boundary issue an attacker on a team would try: an idempotent Create that takes
 * over the admin's resource, an approval decided by SendTaskSuccess with its token, and a viewer
 * running a pasted definition through the execution page's replay.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TrustBoundaryTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final String DENIED = "AccessDeniedException";

  @Inject ApprovalStore approvals;
  @Inject Database db;

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  private static String body(String... pairs) {
    var o = Json.object();
    for (int i = 0; i < pairs.length; i += 2) o.put(pairs[i], pairs[i + 1]);
    return Json.write(o);
  }

  /** A state machine the user creates; its ARN. */
  private static String machine(String user, String name, String definition) throws Exception {
    return ok(
            user,
            "CreateStateMachine",
            body("name", name, "definition", definition, "roleArn", Sfn.ROLE))
        .get("stateMachineArn")
        .asText();
  }

  /** An execution the user starts; its ARN. */
  private static String start(String user, String machine) throws Exception {
    return ok(user, "StartExecution", body("stateMachineArn", machine))
        .get("executionArn")
        .asText();
  }

  private List<String> teamRows(String arn) {
    List<String> teams = new java.util.ArrayList<>();
    for (var row : db.query("SELECT team FROM resource_teams WHERE resource_arn = $1", arn)) {
      teams.add(row.getString("team"));
    }
    return teams;
  }

  @Test
  void anIdempotentCreateByATeamEditorLeavesTheAdminsResourcesTheAdmins() throws Exception {
    String machineName = Sfn.unique("admins-machine");
    String machine = machine("ada", machineName, PASS);
    String activityName = Sfn.unique("admins-activity");
    String activity =
        ok("ada", "CreateActivity", body("name", activityName)).get("activityArn").asText();

    // eve, an editor of team-a, repeats the admin's Create exactly (AWS's idempotent call).
    assertThat(
            call(
                "eve",
                "CreateStateMachine",
                body("name", machineName, "definition", PASS, "roleArn", Sfn.ROLE)))
        .isEqualTo(DENIED);
    assertThat(call("eve", "CreateActivity", body("name", activityName))).isEqualTo(DENIED);

    assertThat(teamRows(machine)).isEmpty();
    assertThat(teamRows(activity)).isEmpty();
    assertThat(call("alice", "DescribeStateMachine", body("stateMachineArn", machine)))
        .isEqualTo(DENIED);
    assertThat(call("alice", "DescribeActivity", body("activityArn", activity))).isEqualTo(DENIED);
    assertThat(call("ada", "DescribeStateMachine", body("stateMachineArn", machine)))
        .isEqualTo("ok");

    // What eve creates herself is team-a's, and her repeated Create of it is AWS's idempotent one.
    String own = Sfn.unique("eves-machine");
    String ownArn = machine("eve", own, PASS);
    assertThat(
            call(
                "eve",
                "CreateStateMachine",
                body("name", own, "definition", PASS, "roleArn", Sfn.ROLE)))
        .isEqualTo("ok");
    assertThat(teamRows(ownArn)).containsExactly("team-a");
    assertThat(call("alice", "DescribeStateMachine", body("stateMachineArn", ownArn)))
        .isEqualTo("ok");
  }

  @Test
  void anApprovalIsDecidedOnlyThroughApprovalsAndAnAdminsAnswerIsAudited() throws Exception {
    String definition =
        "{\"StartAt\":\"Ask\",\"States\":{\"Ask\":{\"Type\":\"Task\",\"Resource\":"
            + "\"arn:aws:states:::stepwise:approval.waitForTaskToken\",\"Parameters\":{"
            + "\"To\":[\"boss@example.com\"],\"RequireSignIn\":true,\"Subject\":\"Pay?\"},"
            + "\"ResultPath\":\"$.approval\",\"End\":true}}}";
    String machine = machine("eve", Sfn.unique("approval"), definition);
    String execution = start("oscar", machine);
    ApprovalRecord approval = approvalOf(execution);
    String forged =
        "{\"decision\":\"Approve\",\"comment\":null,\"decidedBy\":\"boss@example.com\","
            + "\"decidedAt\":\"2026-01-01T00:00:00Z\"}";

    // The token leaked or was guessed: its own team's operator, and another team's, are refused.
    for (String user : List.of("oscar", "bob")) {
      assertThat(
              call(
                  user,
                  "SendTaskSuccess",
                  body("taskToken", approval.taskToken(), "output", forged)))
          .as(user)
          .isEqualTo(DENIED);
      assertThat(
              call(user, "SendTaskFailure", body("taskToken", approval.taskToken(), "error", "No")))
          .as(user)
          .isEqualTo(DENIED);
      assertThat(call(user, "SendTaskHeartbeat", body("taskToken", approval.taskToken())))
          .as(user)
          .isEqualTo(DENIED);
    }
    assertThat(status(execution)).isEqualTo("RUNNING");
    assertThat(approvals.approval(approval.id()).orElseThrow().status())
        .isEqualTo(ApprovalStatus.PENDING);

    // An admin may, and the audit log names who did it and to which execution.
    assertThat(
            call(
                "ada",
                "SendTaskSuccess",
                body("taskToken", approval.taskToken(), "output", forged)))
        .isEqualTo("ok");
    assertThat(status(execution)).isEqualTo("SUCCEEDED");
    JsonNode entry = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (entry == null && System.nanoTime() < deadline) {
      for (JsonNode e : Json.parse(page("ada", "GET", "/security/audit.json", null).body())) {
        if (e.path("action").asText().equals("SendTaskSuccess")
            && e.path("resource").asText().equals(execution)
            && e.path("outcome").asText().equals("ok")) {
          entry = e;
        }
      }
      if (entry == null) Thread.sleep(200);
    }
    assertThat(entry).as("the admin's answer in the audit log").isNotNull();
    assertThat(entry.get("actor").asText()).isEqualTo("ada (oidc)");
    assertThat(entry.get("detail").asText()).contains("served inside the server");
  }

  private ApprovalRecord approvalOf(String execution) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      List<ApprovalRecord> found = approvals.approvalsOfExecution(execution);
      if (!found.isEmpty()) return found.getFirst();
      Thread.sleep(200);
    }
    throw new AssertionError("no approval for " + execution);
  }

  private static String status(String execution) throws Exception {
    return ok("ada", "DescribeExecution", body("executionArn", execution)).get("status").asText();
  }

  @Test
  void aMemberThatMustHoldAnArnIsReadAsOneBeforeAnyoneIsAskedAndAnythingLookedUp()
      throws Exception {
    String bobs = machine("bob", Sfn.unique("bobs"), PASS);
    String execution = start("bob", bobs);
    // alice (team-a) names bob's resources, but not as the ARN the member must hold.
    assertThat(call("alice", "DescribeStateMachine", body("stateMachineArn", execution)))
        .isEqualTo("InvalidArn");
    assertThat(call("alice", "DescribeExecution", body("executionArn", bobs)))
        .isEqualTo("InvalidArn");
    assertThat(call("alice", "DescribeActivity", body("activityArn", bobs)))
        .isEqualTo("InvalidArn");
    assertThat(call("alice", "StartExecution", body("stateMachineArn", execution)))
        .isEqualTo("InvalidArn");
    assertThat(call("alice", "DescribeStateMachine", body("stateMachineArn", "orders")))
        .isEqualTo("InvalidArn");
    assertThat(call("alice", "DescribeStateMachine", body("executionArn", execution)))
        .isEqualTo("ValidationException");
    // Named as what it is, it is refused by the team rule.
    assertThat(call("alice", "DescribeExecution", body("executionArn", execution)))
        .isEqualTo(DENIED);
  }

  /**
   * Each team has its own object store: a distributed Map of team-a's lists nothing of what
   * team-b's ResultWriter wrote to a bucket of the same name (one shared store let any team read
   * and overwrite every other team's objects).
   */
  @Test
  void aTeamsDistributedMapReachesOnlyItsTeamsObjectStore() throws Exception {
    String bucket = Sfn.unique("bucket");
    String writer =
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{"
            + "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
            + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
            + "\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\",\"Parameters\":{"
            + "\"Bucket\":\""
            + bucket
            + "\",\"Prefix\":\"out\"}},\"End\":true}}}";
    String reader =
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemReader\":{"
            + "\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":{\"Bucket\":\""
            + bucket
            + "\"}},\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
            + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":"
            + "{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
    String written =
        ok(
                "bob",
                "StartExecution",
                body(
                    "stateMachineArn",
                    machine("bob", Sfn.unique("writer"), writer),
                    "input",
                    "[1,2]"))
            .get("executionArn")
            .asText();
    assertThat(ended(written).get("status").asText()).isEqualTo("SUCCEEDED");

    JsonNode bobsList = ended(start("bob", machine("bob", Sfn.unique("reader"), reader)));
    assertThat(bobsList.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(bobsList.get("output").asText()).contains("manifest.json");

    JsonNode evesList = ended(start("oscar", machine("eve", Sfn.unique("reader"), reader)));
    assertThat(evesList.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(evesList.get("output").asText()).isEqualTo("[]");
  }

  private static JsonNode ended(String execution) throws Exception {
    for (int i = 0; i < 400 && status(execution).equals("RUNNING"); i++) Thread.sleep(50);
    return ok("ada", "DescribeExecution", body("executionArn", execution));
  }

  @Test
  void aDefinitionStartsNoMachineOfAnotherTeam() throws Exception {
    String bobs = machine("bob", Sfn.unique("bobs"), PASS);
    String eves = machine("eve", Sfn.unique("eves"), PASS);
    for (String target : List.of(bobs, eves)) {
      String starter =
          "{\"StartAt\":\"Start\",\"States\":{\"Start\":{\"Type\":\"Task\",\"Resource\":"
              + "\"arn:aws:states:::states:startExecution.sync:2\",\"Parameters\":{"
              + "\"StateMachineArn\":\""
              + target
              + "\"},\"End\":true}}}";
      String machine = machine("eve", Sfn.unique("starter"), starter);
      String execution = start("oscar", machine);
      for (int i = 0; i < 200 && status(execution).equals("RUNNING"); i++) Thread.sleep(50);
      JsonNode ended = ok("ada", "DescribeExecution", body("executionArn", execution));
      if (target.equals(bobs)) {
        assertThat(ended.get("status").asText()).isEqualTo("FAILED");
        assertThat(ended.get("error").asText()).isEqualTo("StepFunctions.AccessDeniedException");
      } else {
        assertThat(ended.get("status").asText()).isEqualTo("SUCCEEDED");
      }
    }
    assertThat(ok("ada", "ListExecutions", body("stateMachineArn", bobs)).get("executions"))
        .isEmpty();
  }

  @Test
  void aPastedDefinitionRunsOnlyForAnEditor() throws Exception {
    String machine = machine("eve", Sfn.unique("debug"), PASS);
    String execution = start("oscar", machine);
    for (int i = 0; i < 100 && !status(execution).equals("SUCCEEDED"); i++) Thread.sleep(50);
    String path = "/executions/" + URLEncoder.encode(execution, StandardCharsets.UTF_8) + "/replay";
    String pasted = "source=pasted&definition=" + URLEncoder.encode(PASS, StandardCharsets.UTF_8);

    HttpResponse<String> viewer = page("alice", "POST", path, pasted);
    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(viewer.body()).doesNotContain("replay-agrees");
    // Replaying against the machine's own definition is looking, which a viewer may.
    assertThat(page("alice", "POST", path, "source=current").statusCode()).isEqualTo(200);
    HttpResponse<String> editor = page("eve", "POST", path, pasted);
    assertThat(editor.statusCode()).isEqualTo(200);
    assertThat(editor.body()).contains("replay-agrees");

    String state = body("definition", "{\"Type\":\"Pass\",\"End\":true}");
    assertThat(call("alice", "TestState", state)).isEqualTo(DENIED);
    assertThat(call("oscar", "TestState", state)).isEqualTo(DENIED);
    assertThat(call("eve", "TestState", state)).isEqualTo("ok");
  }
}
