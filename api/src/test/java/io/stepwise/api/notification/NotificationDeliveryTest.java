package io.stepwise.api.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.JsonApi;
import io.stepwise.api.Sfn;
import io.stepwise.api.authentication.AccessKeys;
import io.stepwise.api.caller.Role;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.security.LocalProfile;
import io.stepwise.api.service.Signatures;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Notifications delivered to a webhook receiver on this machine: every status change as
 * EventBridge's event, signed; a receiver that fails five times then recovers gets every event, in
 * order per execution; patterns filter; another team's subscriptions are invisible and never see
 * this team's events; internal addresses are refused unless an admin listed them.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class NotificationDeliveryTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final String FAIL =
      "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"Boom\",\"Cause\":\"on purpose\"}}}";

  private static NotificationTargets targets;
  private static Receiver receiver;

  @Inject Database db;
  @Inject AccessKeys keys;

  private final JsonApi admin = new JsonApi(LocalProfile.adminKey());

  @BeforeAll
  static void listen() {
    targets = NotificationTargets.start();
    receiver = targets.receiver;
  }

  @AfterAll
  static void stop() {
    targets.close();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + NotificationProfile.RECEIVER_PORT + path;
  }

  private JsonNode subscribe(JsonApi as, String path, String pattern) {
    JsonApi.Answer a =
        as.post(
            "/api/v1/subscriptions",
            "{\"name\":\"n\",\"eventPattern\":"
                + pattern
                + ",\"target\":{\"webhook\":{\"url\":\""
                + url(path)
                + "\"}}}");
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    return a.json();
  }

  private static String machinePattern(String machine) {
    return "{\"source\":[\"aws.states\"],\"detail\":{\"stateMachineArn\":[\"" + machine + "\"]}}";
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    NotificationTargets.await(what, Duration.ofSeconds(30), done);
  }

  private boolean outboxEmpty() {
    return db.query("SELECT count(*) FROM notification_outbox").iterator().next().getLong(0) == 0;
  }

  @Test
  void aReceiverThatFailsFiveTimesGetsEveryEventInOrderPerExecution() throws Exception {
    SfnClient sfn = LocalProfile.adminClient();
    String machine = Sfn.createMachine(sfn, PASS);
    JsonNode sub = subscribe(admin, "/flaky", machinePattern(machine));
    receiver.failFirst("/flaky", 5);
    List<String> executions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String arn =
          sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"n\":1}")).executionArn();
      executions.add(arn);
      Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    }
    await(
        "six delivered events",
        () -> receiver.at("/flaky").stream().filter(r -> r.answered() == 200).count() >= 6);

    String secret = sub.get("secret").asText();
    Map<String, List<String>> statusesByExecution = new LinkedHashMap<>();
    Set<String> eventIds = new HashSet<>();
    for (Receiver.Received r : receiver.at("/flaky")) {
      assertThat(r.signature())
          .isEqualTo(Signatures.sha256(secret, r.body().getBytes(StandardCharsets.UTF_8)));
      if (r.answered() != 200) continue;
      JsonNode event = Json.parse(r.body());
      eventIds.add(event.get("id").asText());
      statusesByExecution
          .computeIfAbsent(event.at("/detail/executionArn").asText(), k -> new ArrayList<>())
          .add(event.at("/detail/status").asText());
    }
    assertThat(receiver.at("/flaky").stream().filter(r -> r.answered() == 500)).hasSize(5);
    assertThat(eventIds).hasSize(6);
    for (String e : executions) {
      assertThat(statusesByExecution.get(e)).as(e).containsExactly("RUNNING", "SUCCEEDED");
    }

    JsonApi.Answer log =
        admin.get("/api/v1/subscriptions/" + sub.get("id").asText() + "/deliveries");
    assertThat(log.status()).isEqualTo(200);
    JsonNode deliveries = log.json().get("deliveries");
    assertThat(deliveries).hasSize(6);
    int failedAttempts = 0;
    for (JsonNode d : deliveries) {
      assertThat(d.get("state").asText()).isEqualTo("DELIVERED");
      assertThat(d.get("lastStatus").asInt()).isEqualTo(200);
      for (JsonNode a : d.get("attemptLog")) if (a.get("status").asInt() == 500) failedAttempts++;
    }
    assertThat(failedAttempts).isEqualTo(5);
  }

  @Test
  void theEventHasEventBridgesShapeAndPatternsFilter() throws Exception {
    SfnClient sfn = LocalProfile.adminClient();
    String failing = Sfn.createMachine(sfn, FAIL);
    String passing = Sfn.createMachine(sfn, PASS);
    JsonNode sub =
        subscribe(
            admin,
            "/failed",
            "{\"source\":[\"aws.states\"],\"detail-type\":[\"Step Functions Execution Status Change\"],"
                + "\"detail\":{\"status\":[\"FAILED\",\"TIMED_OUT\"],\"stateMachineArn\":[\""
                + failing
                + "\",\""
                + passing
                + "\"]}}");
    String failed =
        sfn.startExecution(r -> r.stateMachineArn(failing).input("{\"a\":1}")).executionArn();
    String passed = sfn.startExecution(r -> r.stateMachineArn(passing)).executionArn();
    Sfn.awaitEnd(sfn, failed, Duration.ofSeconds(10));
    Sfn.awaitEnd(sfn, passed, Duration.ofSeconds(10));
    await("the failure", () -> !receiver.at("/failed").isEmpty());
    await("the outbox drained", this::outboxEmpty);

    JsonNode event = Json.parse(receiver.at("/failed").get(0).body());
    assertThat(event.get("version").asText()).isEqualTo("0");
    assertThat(event.get("source").asText()).isEqualTo("aws.states");
    assertThat(event.get("detail-type").asText())
        .isEqualTo("Step Functions Execution Status Change");
    assertThat(event.get("account").asText()).isEqualTo("123456789012");
    assertThat(event.get("region").asText()).isEqualTo("us-east-1");
    assertThat(event.get("resources").get(0).asText()).isEqualTo(failed);
    JsonNode d = event.get("detail");
    assertThat(d.get("executionArn").asText()).isEqualTo(failed);
    assertThat(d.get("stateMachineArn").asText()).isEqualTo(failing);
    assertThat(d.get("status").asText()).isEqualTo("FAILED");
    assertThat(d.get("error").asText()).isEqualTo("Boom");
    assertThat(d.get("cause").asText()).isEqualTo("on purpose");
    assertThat(d.get("input").asText()).isEqualTo("{\"a\":1}");
    assertThat(d.get("inputDetails").get("included").asBoolean()).isTrue();
    assertThat(d.get("startDate").isNumber()).isTrue();
    assertThat(d.get("stopDate").asLong()).isGreaterThanOrEqualTo(d.get("startDate").asLong());
    assertThat(d.get("redriveCount").asInt()).isZero();

    JsonNode log =
        admin.get("/api/v1/subscriptions/" + sub.get("id").asText() + "/deliveries").json();
    assertThat(log.get("deliveries")).hasSize(1);
    assertThat(receiver.at("/failed")).hasSize(1);
  }

  @Test
  void internalAddressesAreRefusedUnlessListed() {
    for (String url :
        List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost:" + NotificationProfile.RECEIVER_PORT + "/x",
            "http://127.0.0.1:1/x",
            "https://example.invalid/hook",
            "file:///etc/passwd")) {
      JsonApi.Answer a =
          admin.post(
              "/api/v1/subscriptions",
              "{\"name\":\"n\",\"eventPattern\":{},\"target\":{\"webhook\":{\"url\":\""
                  + url
                  + "\"}}}");
      assertThat(a.status()).as(url + ": " + a.text()).isEqualTo(400);
      assertThat(a.json().get("message").asText()).contains("target.webhook.url");
    }
    JsonApi.Answer badPattern =
        admin.post(
            "/api/v1/subscriptions",
            "{\"name\":\"n\",\"eventPattern\":{\"detail\":{\"status\":\"FAILED\"}},"
                + "\"target\":{\"webhook\":{\"url\":\""
                + url("/p")
                + "\"}}}");
    assertThat(badPattern.status()).isEqualTo(400);
    assertThat(badPattern.json().get("message").asText()).contains("$.detail.status");
  }

  private AwsBasicCredentials key(String team, Role... roles) {
    AccessKeys.NewKey k =
        keys.create(
            "team", team, EnumSet.of(roles[0], roles), Set.of(team), "notify test", "admin");
    return AwsBasicCredentials.create(k.key().id(), k.secret());
  }

  @Test
  void anotherTeamsSubscriptionIsInvisibleAndSeesNothingOfThisTeam() throws Exception {
    AwsBasicCredentials blueKey = key("team-a", Role.EDITOR, Role.OPERATOR);
    JsonApi blue = new JsonApi(blueKey);
    JsonApi red = new JsonApi(key("team-b", Role.EDITOR, Role.OPERATOR));
    JsonApi blueViewer = new JsonApi(key("team-a", Role.VIEWER));
    SfnClient blueSfn =
        SfnClient.builder()
            .endpointOverride(Sfn.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(blueKey))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    String machine = Sfn.createMachine(blueSfn, PASS);
    JsonNode blueSub = subscribe(blue, "/blue", machinePattern(machine));
    JsonNode redSub = subscribe(red, "/red", "{}");
    String path = "/api/v1/subscriptions/" + blueSub.get("id").asText();

    for (JsonApi.Answer a :
        List.of(
            red.get(path),
            red.delete(path),
            red.get(path + "/deliveries"),
            red.post(path + "/deliveries/1/replay", ""))) {
      assertThat(a.status()).as(a.text()).isEqualTo(404);
    }
    assertThat(red.get("/api/v1/subscriptions").text()).doesNotContain(blueSub.get("id").asText());
    assertThat(blueViewer.get(path).status()).isEqualTo(200);
    assertThat(blueViewer.delete(path).status()).isEqualTo(403);

    String arn = blueSfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
    Sfn.awaitEnd(blueSfn, arn, Duration.ofSeconds(10));
    await("blue's two events", () -> receiver.at("/blue").size() >= 2);
    await("the outbox drained", this::outboxEmpty);
    assertThat(receiver.at("/red")).isEmpty();
    assertThat(
            red.get("/api/v1/subscriptions/" + redSub.get("id").asText() + "/deliveries")
                .json()
                .get("deliveries"))
        .isEmpty();
    assertThat(blue.get(path).status()).isEqualTo(200);
  }

  @Test
  void anEmailTargetGetsOneMailPerMatchingEventThroughTheMailer() throws Exception {
    SfnClient sfn = LocalProfile.adminClient();
    String failing = Sfn.createMachine(sfn, FAIL);
    JsonApi.Answer made =
        admin.post(
            "/api/v1/subscriptions",
            "{\"name\":\"on-call\",\"eventPattern\":{\"detail\":{\"status\":[\"FAILED\"],"
                + "\"stateMachineArn\":[\""
                + failing
                + "\"]}},\"target\":{\"email\":{\"to\":[\"ops@example.com\",\"lead@example.com\"]}}}");
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    String arn = sfn.startExecution(r -> r.stateMachineArn(failing)).executionArn();
    Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    await(
        "the mail",
        () ->
            targets.mails().stream()
                .anyMatch(m -> subject(m).contains(arn.substring(arn.lastIndexOf(':') + 1))));
    await("the outbox drained", this::outboxEmpty);
    List<MimeMessage> mails =
        targets.mails().stream().filter(m -> subject(m).contains("(on-call)")).toList();
    // One mail, to both addresses (GreenMail keeps one copy per recipient).
    assertThat(mails).hasSize(2);
    assertThat(subject(mails.get(0))).contains("FAILED");
    String text = com.icegreen.greenmail.util.GreenMailUtil.getBody(mails.get(0));
    assertThat(text).contains(arn).contains("Error Boom").contains("Cause on purpose");
    JsonNode log =
        admin.get("/api/v1/subscriptions/" + made.json().get("id").asText() + "/deliveries").json();
    assertThat(log.get("deliveries")).hasSize(1);
    assertThat(log.get("deliveries").get(0).get("state").asText()).isEqualTo("DELIVERED");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
