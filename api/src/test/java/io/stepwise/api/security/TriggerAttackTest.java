package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.JsonApi;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import io.stepwise.server.clock.ServerClock;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * An attacker's calls of {@code POST /hooks/{id}}: a sender who holds one trigger's secret uses
 * idempotency keys to reach executions it did not start, and somebody without any secret fills the
 * audit log with refusals. Signature tricks that held are in docs/SECURITY.md.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TriggerAttackTest {
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";

  @Inject Database db;
  @Inject ServerClock scheduleClock;

  private final JsonApi admin = new JsonApi(LocalProfile.adminKey());
  private final SfnClient sfn = LocalProfile.adminClient();

  private JsonNode trigger(String machine) {
    JsonApi.Answer a =
        admin.post("/api/v1/triggers", "{\"name\":\"push\",\"target\":\"" + machine + "\"}");
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    return a.json();
  }

  private static String hex(JsonNode trigger, String algorithm, String body) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    byte[] secret = trigger.get("secret").asText().getBytes(StandardCharsets.UTF_8);
    mac.init(new SecretKeySpec(secret, algorithm));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonApi.Answer send(JsonNode trigger, String body, String signature)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(trigger.get("url").asText()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) b.header("X-Hub-Signature-256", signature);
    return JsonApi.send(b.build());
  }

  private static JsonApi.Answer call(JsonNode trigger, String body, String key) throws Exception {
    return JsonApi.send(
        HttpRequest.newBuilder(URI.create(trigger.get("url").asText()))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", "sha256=" + hex(trigger, "HmacSHA256", body))
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  @Test
  void signatureTricksAreOne401AndStartNothing() throws Exception {
    String machine = Sfn.createMachine(sfn, WAIT);
    JsonNode t = trigger(machine);
    String body = "{\"amount\": 1}";
    String compact = "{\"amount\":1}";
    String right = hex(t, "HmacSHA256", body);
    String[][] tricks = {
      {body, null},
      {body, ""},
      {body, "sha256="},
      {body, "sha256=" + "0".repeat(4000)},
      {body, "sha1=" + hex(t, "HmacSHA1", body)},
      {body, right},
      {body, "sha512=" + right},
      {body, "sha256=" + right + "00"},
      {body, "sha256=" + right.substring(0, 32)},
      {body + "\n", "sha256=" + right},
      {compact, "sha256=" + right},
      {body, "sha256=" + hex(t, "HmacSHA256", compact)}
    };
    for (String[] trick : tricks) {
      JsonApi.Answer a = send(t, trick[0], trick[1]);
      assertThat(a.status()).as(java.util.Arrays.toString(trick)).isEqualTo(401);
      assertThat(a.text()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }
    assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).isEmpty();
    // The hex's case and surrounding blanks are no secret: GitHub sends lower case.
    assertThat(send(t, body, " SHA256=" + right.toUpperCase(java.util.Locale.ROOT)).status())
        .isEqualTo(201);
  }

  @Test
  void anIdempotencyKeyReachesOnlyExecutionsItsOwnTriggerStarted() throws Exception {
    String machine = Sfn.createMachine(sfn, WAIT);
    JsonNode payments = trigger(machine);
    JsonNode pushes = trigger(machine);

    JsonApi.Answer first = call(payments, "{\"amount\":1}", "evt-17");
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    // The same sender's retry finds its execution, as documented.
    JsonApi.Answer retry = call(payments, "{\"amount\":1}", "evt-17");
    assertThat(retry.status()).as(retry.text()).isEqualTo(200);
    assertThat(retry.json().get("executionArn").asText())
        .isEqualTo(first.json().get("executionArn").asText());

    // Another trigger's sender with the same key: before, a 200 naming the payment's execution
    // (its ARN and start date told to a stranger, and the push silently dropped as "found").
    JsonApi.Answer collision = call(pushes, "{\"ref\":\"main\"}", "evt-17");
    assertThat(collision.status()).as(collision.text()).isEqualTo(409);
    assertThat(collision.text()).doesNotContain(first.json().get("executionArn").asText());

    // An execution a person started by name is no trigger's to find either.
    String manual =
        sfn.startExecution(r -> r.stateMachineArn(machine).name("nightly-close").input("{}"))
            .executionArn();
    JsonApi.Answer named = call(payments, "{\"amount\":2}", "nightly-close");
    assertThat(named.status()).as(named.text()).isEqualTo(409);
    assertThat(named.text()).doesNotContain(manual);
    assertThat(sfn.describeExecution(r -> r.executionArn(manual)).input()).isEqualTo("{}");
  }

  @Test
  void aTriggersSenderCannotPassOffItsExecutionAsAScheduledFire() throws Exception {
    String machine = Sfn.createMachine(sfn, WAIT);
    JsonNode t = trigger(machine);
    Instant fireTime = Instant.parse("2032-05-01T10:00:00Z");
    String name = Sfn.unique("nightly");
    String scheduleArn;
    try (SchedulerClient scheduler =
        SchedulerClient.builder()
            .endpointOverride(Sfn.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(LocalProfile.adminKey()))
            .build()) {
      scheduleArn =
          scheduler
              .createSchedule(
                  b ->
                      b.name(name)
                          .scheduleExpression("at(2032-05-01T10:00:00)")
                          .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                          .target(x -> x.arn(machine).roleArn(Sfn.ROLE).input("{\"real\":true}")))
              .scheduleArn();
    }
    // The fire's execution name is schedule name, fire time and a hash of public facts: the
    // sender computes it and starts that execution first, with its own input.
    String fireName =
        name
            + "-20320501T100000Z-"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest((scheduleArn + "@" + fireTime).getBytes(StandardCharsets.UTF_8)),
                    0,
                    4);
    JsonApi.Answer planted = call(t, "{\"real\":false}", fireName);
    assertThat(planted.status()).as(planted.text()).isEqualTo(201);

    scheduleClock.use(() -> fireTime.plusSeconds(1));
    try {
      String state = "";
      for (int i = 0; i < 100 && (state.isEmpty() || state.equals("PENDING")); i++) {
        Thread.sleep(200);
        state = fireColumn(scheduleArn, "state");
      }
      // Before, the fire took the sender's execution as its own: STARTED with the planted ARN, and
      // the schedule's input never ran. Now the name's other starter fails the fire, visibly.
      assertThat(state).isEqualTo("FAILED");
      assertThat(fireColumn(scheduleArn, "error")).isEqualTo("ExecutionAlreadyExists");
      assertThat(fireColumn(scheduleArn, "execution_arn")).isEmpty();
    } finally {
      scheduleClock.use(InstantSource.system());
    }
  }

  private String fireColumn(String scheduleArn, String column) {
    for (Row r :
        db.query(
            "SELECT " + column + " AS v FROM schedule_fires WHERE schedule_arn = $1",
            scheduleArn)) {
      String v = r.getString("v");
      return v == null ? "" : v;
    }
    return "";
  }

  @Test
  void refusedCallsFromOneAddressAreAuditedOncePerBurstNotOncePerCall() throws Exception {
    JsonNode t = trigger(Sfn.createMachine(sfn, WAIT));
    JsonNode forged =
        ((com.fasterxml.jackson.databind.node.ObjectNode) t.deepCopy())
            .put("secret", "not-the-secret");
    long before = deniedRows(t.get("id").asText());
    for (int i = 0; i < 50; i++) {
      assertThat(call(forged, "{\"i\":" + i + "}", "k" + i).status()).isEqualTo(401);
    }
    // Every refusal used to write a row: a stranger without any secret wrote the audit log as
    // fast as they could send. One row per burst says the same to an admin.
    long rows = settled(() -> deniedRows(t.get("id").asText())) - before;
    assertThat(rows).isBetween(1L, 2L);
  }

  /** The count once the audit writer (asynchronous) has caught up: unchanged for a second. */
  private static long settled(java.util.function.LongSupplier count) throws InterruptedException {
    long last = -1;
    for (int i = 0; i < 20; i++) {
      long now = count.getAsLong();
      if (now == last) return now;
      last = now;
      Thread.sleep(1000);
    }
    return last;
  }

  private long deniedRows(String triggerId) {
    for (Row r :
        db.query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'InvokeTrigger'"
                + " AND outcome = 'denied' AND detail LIKE $1",
            "%" + triggerId + "%")) {
      return r.getLong("n");
    }
    return 0;
  }
}
