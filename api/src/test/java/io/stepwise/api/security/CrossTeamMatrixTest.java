package io.stepwise.api.security;

import static io.stepwise.api.security.SsoApiTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Team isolation on the AWS API, as an attacker on the red team (team-b) would try it: every API
 * action, signed with red's team keys of each role (viewer, operator, editor), against blue's
 * (team-a's) state machine, version, alias, executions, Map Run, activity, task token and tags,
 * with red's own ARNs in every member the action does not have (the old guard authorized the first
 * ARN-looking member). Every call is refused and nothing of blue's changes; the same calls on red's
 * own resources (with blue's ARNs as the extra members) pass authorization exactly where the role
 * allows them.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class CrossTeamMatrixTest {
  /** HTTP/1.1, as the SDKs' clients speak it (the signature covers the Host header). */
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final String DENIED = "AccessDeniedException";

  @Inject Instance<ActionFamily> families;
  @Inject Database db;

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  /** One team's resources of every kind. */
  record Resources(
      String machine,
      String machineName,
      String definition,
      String version,
      String alias,
      String execution,
      String queuedExecution,
      String token,
      String activity,
      String activityName,
      String mapExecution,
      String mapRun) {}

  /** A team key: an access key id and secret acting for the team with one role. */
  record Key(String role, String id, String secret) {}

  /** The member an action would read its resource from, in the old guard's order of looking. */
  private static final List<String> ARN_MEMBERS =
      List.of(
          "executionArn",
          "mapRunArn",
          "stateMachineAliasArn",
          "stateMachineVersionArn",
          "stateMachineArn",
          "activityArn",
          "resourceArn");

  /** An action acting on a resource: the role it needs and its body for one team's resources. */
  record Act(String action, String role, Function<Resources, ObjectNode> body) {}

  private static ObjectNode body(Object... pairs) {
    ObjectNode o = Json.object();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      if (v instanceof String s) o.put((String) pairs[i], s);
      else if (v instanceof JsonNode n) o.set((String) pairs[i], n);
      else if (v instanceof Integer n) o.put((String) pairs[i], n);
    }
    return o;
  }

  private static JsonNode json(String text) {
    return Json.parseTrusted(text);
  }

  /**
   * Every action that names a resource, in an order that keeps red's own resources usable: task
   * answers before the execution is stopped, deletions last (only the editor, the last role, gets
   * that far).
   */
  private static List<Act> acts() {
    return List.of(
        new Act("DescribeStateMachine", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act("DescribeStateMachine", "viewer", r -> body("stateMachineArn", r.version())),
        new Act("ListStateMachineVersions", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act("ListStateMachineAliases", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act(
            "DescribeStateMachineAlias", "viewer", r -> body("stateMachineAliasArn", r.alias())),
        new Act("ListExecutions", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act("ListExecutions", "viewer", r -> body("mapRunArn", r.mapRun())),
        new Act("DescribeExecution", "viewer", r -> body("executionArn", r.execution())),
        new Act(
            "DescribeStateMachineForExecution", "viewer", r -> body("executionArn", r.execution())),
        new Act("GetExecutionHistory", "viewer", r -> body("executionArn", r.execution())),
        new Act("DescribeMapRun", "viewer", r -> body("mapRunArn", r.mapRun())),
        new Act("ListMapRuns", "viewer", r -> body("executionArn", r.mapExecution())),
        new Act("DescribeActivity", "viewer", r -> body("activityArn", r.activity())),
        new Act("ListTagsForResource", "viewer", r -> body("resourceArn", r.machine())),
        new Act("ListTagsForResource", "viewer", r -> body("resourceArn", r.activity())),
        new Act("StartExecution", "operator", r -> body("stateMachineArn", r.machine())),
        new Act("StartSyncExecution", "operator", r -> body("stateMachineArn", r.machine())),
        new Act("GetActivityTask", "operator", r -> body("activityArn", r.activity())),
        new Act("SendTaskHeartbeat", "operator", r -> body("taskToken", r.token())),
        new Act("SendTaskSuccess", "operator", r -> body("taskToken", r.token(), "output", "{}")),
        new Act(
            "SendTaskFailure", "operator", r -> body("taskToken", r.token(), "error", "Forged")),
        new Act(
            "UpdateMapRun", "operator", r -> body("mapRunArn", r.mapRun(), "maxConcurrency", 7)),
        new Act("StopExecution", "operator", r -> body("executionArn", r.execution())),
        new Act("RedriveExecution", "operator", r -> body("executionArn", r.execution())),
        new Act(
            "CreateStateMachine",
            "editor",
            r -> body("name", r.machineName(), "definition", r.definition(), "roleArn", Sfn.ROLE)),
        new Act("CreateActivity", "editor", r -> body("name", r.activityName())),
        new Act(
            "UpdateStateMachine",
            "editor",
            r -> body("stateMachineArn", r.machine(), "definition", r.definition())),
        new Act("PublishStateMachineVersion", "editor", r -> body("stateMachineArn", r.machine())),
        new Act(
            "CreateStateMachineAlias",
            "editor",
            r ->
                body(
                    "name",
                    "second",
                    "routingConfiguration",
                    json("[{\"stateMachineVersionArn\":\"" + r.version() + "\",\"weight\":100}]"))),
        new Act(
            "UpdateStateMachineAlias",
            "editor",
            r -> body("stateMachineAliasArn", r.alias(), "description", "forged")),
        tagging(Resources::machine),
        tagging(Resources::activity),
        new Act(
            "UntagResource",
            "editor",
            r -> body("resourceArn", r.machine(), "tagKeys", json("[\"owner\"]"))),
        new Act("DeleteStateMachineAlias", "editor", r -> body("stateMachineAliasArn", r.alias())),
        new Act(
            "DeleteStateMachineVersion",
            "editor",
            r -> body("stateMachineVersionArn", r.version())),
        new Act("DeleteStateMachine", "editor", r -> body("stateMachineArn", r.machine())),
        new Act("DeleteActivity", "editor", r -> body("activityArn", r.activity())));
  }

  /** TagResource on the machine or the activity. */
  private static Act tagging(Function<Resources, String> resource) {
    return new Act(
        "TagResource",
        "editor",
        r ->
            body(
                "resourceArn",
                resource.apply(r),
                "tags",
                json("[{\"key\":\"forged\",\"value\":\"yes\"}]")));
  }

  /** Actions that name no resource, checked on their own below. */
  private static final Set<String> WITHOUT_RESOURCE =
      Set.of("ListStateMachines", "ListActivities", "ValidateStateMachineDefinition", "TestState");

  private static boolean grants(String keyRole, String needed) {
    return switch (needed) {
      case "viewer" -> true;
      default -> keyRole.equals(needed);
    };
  }

  @Test
  void redsKeysReachNothingOfBluesWhateverTheBodyCarriesAndAllOfTheirOwn() throws Exception {
    Resources blue = resources("eve", "oscar", "blue");
    Resources red = resources("bob", "bob", "red");
    ObjectNode blueBefore = snapshot(blue);
    List<Key> keys = new ArrayList<>();
    for (String role : List.of("viewer", "operator", "editor")) {
      // bob holds no viewer role of his own to grant: the admin makes team-b's keys.
      JsonNode k = SsoApiTest.newKey("ada", "team:team-b", role);
      keys.add(new Key(role, k.get("accessKeyId").asText(), k.get("secretAccessKey").asText()));
    }

    Set<String> covered = new TreeSet<>(WITHOUT_RESOURCE);
    List<String> wrong = new ArrayList<>();
    for (Key key : keys) {
      for (Act act : acts()) {
        covered.add(act.action());
        String attack =
            call(key, act.action(), withDecoys(act.action(), act.body().apply(blue), red));
        if (!attack.equals(DENIED)) {
          wrong.add(key.role() + " " + act.action() + " on blue's → " + attack);
        }
        String own = call(key, act.action(), withDecoys(act.action(), act.body().apply(red), blue));
        boolean allowed = !own.equals(DENIED);
        if (allowed != grants(key.role(), act.role())) {
          wrong.add(key.role() + " " + act.action() + " on red's own → " + own);
        }
      }
      // Lists show red's and never blue's, whatever else the body names.
      for (String[] list :
          new String[][] {
            {"ListStateMachines", "stateMachines", "stateMachineArn"},
            {"ListActivities", "activities", "activityArn"}
          }) {
        String listed =
            raw(key, list[0], withDecoys(list[0], body("maxResults", 1000), blue)).body();
        if (listed.contains(blue.machine()) || listed.contains(blue.activity())) {
          wrong.add(key.role() + " " + list[0] + " shows blue's: " + listed);
        }
      }
      if (key.role().equals("viewer")) {
        // Red's own resources are still there for the viewer (the editor deletes them last).
        String machines = raw(key, "ListStateMachines", body("maxResults", 1000)).body();
        if (!machines.contains(red.machine())) wrong.add("viewer misses red's machine");
      }
      String validated =
          call(
              key,
              "ValidateStateMachineDefinition",
              withDecoys(
                  "ValidateStateMachineDefinition", body("definition", blue.definition()), blue));
      if (!validated.equals("ok")) wrong.add(key.role() + " Validate → " + validated);
      String tested =
          call(
              key,
              "TestState",
              withDecoys(
                  "TestState", body("definition", "{\"Type\":\"Pass\",\"End\":true}"), blue));
      if (tested.equals(DENIED) == key.role().equals("editor")) {
        wrong.add(key.role() + " TestState → " + tested);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(snapshot(blue)).isEqualTo(blueBefore);

    Set<String> served = new TreeSet<>();
    families.forEach(f -> served.addAll(f.actions().keySet()));
    // DatabaseOutageAnswerTest's test-only operations are beans of this test application too.
    served.removeIf(name -> name.startsWith("Test") && !name.equals("TestState"));
    assertThat(covered).as("every action the API serves is in the matrix").isEqualTo(served);
  }

  /** ARN members an action has besides the one a row of the matrix fills. */
  private static final Map<String, Set<String>> OTHER_MEMBERS =
      Map.of("ListExecutions", Set.of("stateMachineArn", "mapRunArn"));

  /** The body with the other team's ARNs in every ARN member the action does not have. */
  private static ObjectNode withDecoys(String action, ObjectNode body, Resources other) {
    Map<String, String> decoys = new LinkedHashMap<>();
    decoys.put("executionArn", other.execution());
    decoys.put("mapRunArn", other.mapRun());
    decoys.put("stateMachineAliasArn", other.alias());
    decoys.put("stateMachineVersionArn", other.version());
    decoys.put("stateMachineArn", other.machine());
    decoys.put("activityArn", other.activity());
    decoys.put("resourceArn", other.machine());
    Set<String> own = OTHER_MEMBERS.getOrDefault(action, Set.of());
    for (String member : ARN_MEMBERS) {
      if (!body.has(member) && !own.contains(member)) body.put(member, decoys.get(member));
    }
    return body;
  }

  /** Everything of blue's a refused call might have changed, as blue's admin reads it. */
  private ObjectNode snapshot(Resources r) throws Exception {
    ObjectNode s = Json.object();
    JsonNode machine =
        ok("ada", "DescribeStateMachine", body("stateMachineArn", r.machine()).toString());
    s.put("definition", machine.get("definition").asText());
    s.put("revision", machine.get("revisionId").asText());
    s.set(
        "versions",
        ok("ada", "ListStateMachineVersions", body("stateMachineArn", r.machine()).toString())
            .get("stateMachineVersions"));
    s.set(
        "aliases",
        ok("ada", "ListStateMachineAliases", body("stateMachineArn", r.machine()).toString())
            .get("stateMachineAliases"));
    JsonNode alias =
        ok("ada", "DescribeStateMachineAlias", body("stateMachineAliasArn", r.alias()).toString());
    s.put("aliasDescription", alias.path("description").asText(""));
    s.put("aliasUpdated", alias.get("updateDate").asText());
    s.put(
        "executions",
        ok(
                "ada",
                "ListExecutions",
                body("stateMachineArn", r.machine(), "maxResults", 1000).toString())
            .get("executions")
            .size());
    s.put(
        "status",
        ok("ada", "DescribeExecution", body("executionArn", r.execution()).toString())
            .get("status")
            .asText());
    s.put(
        "mapRunConcurrency",
        ok("ada", "DescribeMapRun", body("mapRunArn", r.mapRun()).toString())
            .get("maxConcurrency")
            .asInt());
    s.put(
        "activity",
        ok("ada", "DescribeActivity", body("activityArn", r.activity()).toString())
            .get("name")
            .asText());
    s.set(
        "machineTags",
        ok("ada", "ListTagsForResource", body("resourceArn", r.machine()).toString()).get("tags"));
    s.set(
        "activityTags",
        ok("ada", "ListTagsForResource", body("resourceArn", r.activity()).toString()).get("tags"));
    List<String> tasks = new ArrayList<>();
    for (var row :
        db.query(
            "SELECT execution_arn, state FROM tasks WHERE execution_arn = ANY($1) ORDER BY"
                + " execution_arn",
            (Object) new String[] {r.execution(), r.queuedExecution()})) {
      tasks.add(row.getString("execution_arn") + " " + row.getString("state"));
    }
    s.put("tasks", String.join(", ", tasks));
    return s;
  }

  /**
   * One team's resources: a machine whose executions wait on the team's activity (published as
   * version 1, aliased "live", tagged), an execution whose task the team's worker holds (its token)
   * and one whose task is still queued, and a distributed Map's run.
   */
  private static Resources resources(String editor, String operator, String prefix)
      throws Exception {
    String activityName = Sfn.unique(prefix + "-activity");
    String activity =
        ok(
                editor,
                "CreateActivity",
                body(
                        "name",
                        activityName,
                        "tags",
                        json("[{\"key\":\"owner\",\"value\":\"" + prefix + "\"}]"))
                    .toString())
            .get("activityArn")
            .asText();
    String definition =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activity
            + "\",\"End\":true}}}";
    String machineName = Sfn.unique(prefix + "-machine");
    JsonNode created =
        ok(
            editor,
            "CreateStateMachine",
            body(
                    "name",
                    machineName,
                    "definition",
                    definition,
                    "roleArn",
                    Sfn.ROLE,
                    "tags",
                    json("[{\"key\":\"owner\",\"value\":\"" + prefix + "\"}]"))
                .put("publish", true)
                .toString());
    String machine = created.get("stateMachineArn").asText();
    String version = created.get("stateMachineVersionArn").asText();
    String alias =
        ok(
                editor,
                "CreateStateMachineAlias",
                body(
                        "name",
                        "live",
                        "description",
                        "the live one",
                        "routingConfiguration",
                        json("[{\"stateMachineVersionArn\":\"" + version + "\",\"weight\":100}]"))
                    .toString())
            .get("stateMachineAliasArn")
            .asText();
    String execution = start(operator, machine, "{}");
    JsonNode task = ok(operator, "GetActivityTask", body("activityArn", activity).toString());
    String token = task.get("taskToken").asText();
    String queued = start(operator, machine, "{}");
    String mapMachine =
        ok(
                editor,
                "CreateStateMachine",
                body(
                        "name",
                        Sfn.unique(prefix + "-map"),
                        "definition",
                        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":1,"
                            + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                            + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":"
                            + "{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}},\"End\":true}}}",
                        "roleArn",
                        Sfn.ROLE)
                    .toString())
            .get("stateMachineArn")
            .asText();
    String mapExecution = start(operator, mapMachine, "[1,2]");
    String mapRun = null;
    for (int i = 0; i < 200 && mapRun == null; i++) {
      JsonNode runs = ok(operator, "ListMapRuns", body("executionArn", mapExecution).toString());
      if (!runs.get("mapRuns").isEmpty())
        mapRun = runs.get("mapRuns").get(0).get("mapRunArn").asText();
      else Thread.sleep(50);
    }
    assertThat(mapRun).as("a Map Run of " + mapExecution).isNotNull();
    return new Resources(
        machine,
        machineName,
        definition,
        version,
        alias,
        execution,
        queued,
        token,
        activity,
        activityName,
        mapExecution,
        mapRun);
  }

  private static String start(String operator, String machine, String input) throws Exception {
    return ok(
            operator, "StartExecution", body("stateMachineArn", machine, "input", input).toString())
        .get("executionArn")
        .asText();
  }

  /** A call signed with the key by the AWS SDK's own SigV4 signer; the error's name, or "ok". */
  static String call(Key key, String action, ObjectNode body) throws Exception {
    HttpResponse<String> r = raw(key, action, body);
    if (r.statusCode() == 200) return "ok";
    String type = Json.parse(r.body()).path("__type").asText();
    return type.substring(type.indexOf('#') + 1);
  }

  static HttpResponse<String> raw(Key key, String action, ObjectNode body) throws Exception {
    String text = Json.write(body);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(Sfn.endpoint().resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AWSStepFunctions." + action)
            .build();
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(key.id(), key.secret()))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(text))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder http =
        HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host")) http.header(name, values.getFirst());
            });
    return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
  }
}
