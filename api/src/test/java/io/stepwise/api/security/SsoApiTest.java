package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Roles and teams on the AWS API against a real Keycloak: every role × action is allowed or denied
 * as the table says; access keys sign with SigV4 through the AWS SDK; bad signatures, unknown and
 * revoked keys get AWS's errors; the audit log records it all.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SsoApiTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  static String token(String user) {
    return TOKENS.computeIfAbsent(user, KeycloakServer::token);
  }

  /** One API call with a bearer token; the error's name (as SDKs read __type), or "ok". */
  static String call(String user, String action, String body) throws Exception {
    HttpResponse<String> r = post(user, action, body);
    if (r.statusCode() == 200) return "ok";
    String type = Json.parse(r.body()).path("__type").asText();
    return type.substring(type.indexOf('#') + 1);
  }

  static HttpResponse<String> post(String user, String action, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(Sfn.endpoint())
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AWSStepFunctions." + action)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) b.header("Authorization", "Bearer " + token(user));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode ok(String user, String action, String body) throws Exception {
    HttpResponse<String> r = post(user, action, body);
    assertThat(r.statusCode()).as(user + " " + action + ": " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  static String create(String user, String name, String definition) throws Exception {
    return ok(
            user,
            "CreateStateMachine",
            Json.write(
                Json.object()
                    .put("name", name)
                    .put("definition", definition)
                    .put("roleArn", Sfn.ROLE)))
        .get("stateMachineArn")
        .asText();
  }

  @Test
  void everyRoleMayDoExactlyWhatTheTableSays() throws Exception {
    String machine = create("eve", Sfn.unique("team-a"), WAIT);
    String execution =
        ok("oscar", "StartExecution", "{\"stateMachineArn\":\"" + machine + "\"}")
            .get("executionArn")
            .asText();
    String sm = "{\"stateMachineArn\":\"" + machine + "\"}";
    String ex = "{\"executionArn\":\"" + execution + "\"}";
    List<String> users = List.of("alice", "oscar", "april", "eve", "bob", "ada");
    // action, body, then allowed for alice (viewer a), oscar (operator a), april (approver a),
    // eve (editor a), bob (editor+operator b), ada (admin): Y allowed, n AccessDenied.
    Object[][] table = {
      {"ListStateMachines", "{}", "YYYYYY"},
      {"DescribeStateMachine", sm, "YYYYnY"},
      {"ListExecutions", sm, "YYYYnY"},
      {"DescribeExecution", ex, "YYYYnY"},
      {"GetExecutionHistory", ex, "YYYYnY"},
      {"DescribeStateMachineForExecution", ex, "YYYYnY"},
      {"ListTagsForResource", "{\"resourceArn\":\"" + machine + "\"}", "YYYYnY"},
      {"StartExecution", sm, "nYnnnY"},
      {"StopExecution", ex, "nYnnnY"},
      {"RedriveExecution", ex, "nYnnnY"},
      {
        "UpdateStateMachine",
        "{\"stateMachineArn\":\""
            + machine
            + "\",\"definition\":"
            + Json.write(Json.text(WAIT))
            + "}",
        "nnnYnY"
      },
      {
        "TagResource",
        "{\"resourceArn\":\"" + machine + "\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}",
        "nnnYnY"
      },
      {"PublishStateMachineVersion", sm, "nnnYnY"},
      {"CreateStateMachine", null, "nnnYYY"},
      {"CreateActivity", null, "nnnYYY"},
      {"SendTaskSuccess", "{\"taskToken\":\"nope\",\"output\":\"{}\"}", "nYnnYY"},
    };
    List<String> wrong = new ArrayList<>();
    for (Object[] row : table) {
      String action = (String) row[0];
      for (int i = 0; i < users.size(); i++) {
        String user = users.get(i);
        String body = (String) row[1];
        if (body == null) {
          String field =
              action.equals("CreateActivity")
                  ? ""
                  : ",\"definition\":"
                      + Json.write(Json.text(PASS))
                      + ",\"roleArn\":\""
                      + Sfn.ROLE
                      + "\"";
          body = "{\"name\":\"" + Sfn.unique(user) + "\"" + field + "}";
        }
        boolean expected = ((String) row[2]).charAt(i) == 'Y';
        String outcome = call(user, action, body);
        boolean allowed = !outcome.equals("AccessDeniedException");
        if (allowed != expected) wrong.add(action + " by " + user + " → " + outcome);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void listsShowOnlyTheCallersTeams() throws Exception {
    String a = create("eve", Sfn.unique("list-a"), PASS);
    String b = create("bob", Sfn.unique("list-b"), PASS);
    assertThat(arns("alice")).contains(a).doesNotContain(b);
    assertThat(arns("bob")).contains(b).doesNotContain(a);
    assertThat(arns("ada")).contains(a, b);
  }

  private static List<String> arns(String user) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode m :
        ok(user, "ListStateMachines", "{\"maxResults\":1000}").path("stateMachines")) {
      out.add(m.path("stateMachineArn").asText());
    }
    return out;
  }

  @Test
  void accessKeysSignWithSigV4AndAreRefusedOnceRevoked() throws Exception {
    JsonNode key = newKey("eve", "user", "editor");
    String id = key.get("accessKeyId").asText();
    String secret = key.get("secretAccessKey").asText();
    try (SfnClient sfn = client(id, secret)) {
      String arn =
          sfn.createStateMachine(
                  b -> b.name(Sfn.unique("signed")).definition(PASS).roleArn(Sfn.ROLE))
              .stateMachineArn();
      assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).name()).startsWith("signed");
      // eve's key may edit but not start (she is no operator).
      assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(arn)))
          .isInstanceOf(SfnException.class)
          .satisfies(
              e ->
                  assertThat(((SfnException) e).awsErrorDetails().errorCode())
                      .isEqualTo("AccessDeniedException"));
      // bob's team cannot see eve's machine.
      JsonNode bobs = newKey("bob", "user", "editor");
      try (SfnClient bob =
          client(bobs.get("accessKeyId").asText(), bobs.get("secretAccessKey").asText())) {
        assertThat(bob.listStateMachines(b -> {}).stateMachines())
            .noneMatch(m -> m.stateMachineArn().equals(arn));
      }
    }
    assertThat(lastUsed("eve", id)).isNotNull();
    try (SfnClient wrong = client(id, secret + "x")) {
      assertError(() -> wrong.listStateMachines(b -> {}), "InvalidSignatureException", 400);
    }
    try (SfnClient unknown = client("SWKUNKNOWNUNKNOWN00", secret)) {
      assertError(() -> unknown.listStateMachines(b -> {}), "UnrecognizedClientException", 400);
    }
    assertThat(call(null, "ListStateMachines", "{}"))
        .isEqualTo("MissingAuthenticationTokenException");

    HttpResponse<String> revoked = page("eve", "POST", "/security/keys/" + id + "/revoke", "");
    assertThat(revoked.statusCode()).isEqualTo(303);
    try (SfnClient sfn = client(id, secret)) {
      assertError(() -> sfn.listStateMachines(b -> {}), "UnrecognizedClientException", 400);
    }
  }

  @Test
  void teamKeysActForTheTeam() throws Exception {
    JsonNode key = newKey("bob", "team:team-b", "operator");
    assertThat(key.get("owner").asText()).isEqualTo("team-b");
    String machine = create("bob", Sfn.unique("team-b"), PASS);
    try (SfnClient sfn =
        client(key.get("accessKeyId").asText(), key.get("secretAccessKey").asText())) {
      assertThat(sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn())
          .contains(":execution:");
    }
    // alice (team-a) cannot make a key for team-b.
    assertThat(page("alice", "POST", "/security/keys", "owner=team%3Ateam-b").statusCode())
        .isEqualTo(403);
  }

  @Test
  void theAuditLogIsForAdminsAndExports() throws Exception {
    create("eve", Sfn.unique("audited"), PASS);
    call(
        "alice",
        "StartExecution",
        "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:x\"}");
    assertThat(page("alice", "GET", "/security/audit", null).statusCode()).isEqualTo(403);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String json = "";
    while (System.nanoTime() < deadline) {
      json = page("ada", "GET", "/security/audit.json", null).body();
      if (json.contains("\"denied\"") && json.contains("CreateStateMachine")) break;
      Thread.sleep(200);
    }
    assertThat(json)
        .contains("eve (oidc)")
        .contains("CreateStateMachine")
        .contains("alice (oidc)")
        .contains("\"denied\"");
    HttpResponse<String> csv = page("ada", "GET", "/security/audit.csv", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.body())
        .startsWith("id,at,actor,source,action,resource,outcome,detail\n")
        .contains("CreateStateMachine");
  }

  static JsonNode newKey(String user, String owner, String role) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/security/keys"))
                .header("Authorization", "Bearer " + token(user))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "owner="
                            + owner.replace(":", "%3A")
                            + "&roles="
                            + role
                            + "&description=test"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  private static String lastUsed(String user, String id) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/security/keys"))
                .header("Authorization", "Bearer " + token(user))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    for (JsonNode k : Json.parse(r.body())) {
      if (k.get("accessKeyId").asText().equals(id)) return k.path("lastUsedAt").textValue();
    }
    return null;
  }

  static HttpResponse<String> page(String user, String method, String path, String form)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(Sfn.endpoint() + path))
            .header("Authorization", "Bearer " + token(user))
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(Runnable call, String code, int status) {
    assertThatThrownBy(call::run)
        .isInstanceOf(SfnException.class)
        .satisfies(
            e -> {
              SfnException s = (SfnException) e;
              assertThat(s.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(s.statusCode()).isEqualTo(status);
            });
  }

  static SfnClient client(String id, String secret) {
    return SfnClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
        .overrideConfiguration(
            c ->
                c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                    .retryStrategy(r -> r.maxAttempts(1)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
