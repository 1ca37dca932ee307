package io.stepwise.api.trigger;

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
import io.stepwise.api.security.LocalProfile;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Webhook triggers driven as another system and an attacker would drive them: a real HTTP client
 * calling {@code POST /hooks/{id}} with a correct signature, a wrong one, none, a bearer token, a
 * replayed idempotency key, an oversized body and too many calls; the JSON API that makes them.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class WebhookTriggerTest {
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";

  @Inject Database db;

  private final JsonApi admin = new JsonApi(LocalProfile.adminKey());

  private static SfnClient sfn() {
    return LocalProfile.adminClient();
  }

  private JsonNode newTrigger(String body) {
    JsonApi.Answer a = admin.post("/api/v1/triggers", body);
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.raw().headers().firstValue("Cache-Control")).contains("no-store");
    return a.json();
  }

  private JsonNode newTrigger(String machine, String extra) {
    return newTrigger(
        "{\"name\":\"push\",\"target\":\""
            + machine
            + "\""
            + (extra.isEmpty() ? "" : "," + extra)
            + "}");
  }

  static String signature(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  static HttpRequest.Builder hook(JsonNode trigger, String body) {
    return HttpRequest.newBuilder(URI.create(trigger.get("url").asText()))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static JsonApi.Answer signedCall(JsonNode trigger, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        hook(trigger, body)
            .header(
                "X-Hub-Signature-256",
                signature(trigger.get("secret").asText(), body.getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return JsonApi.send(b.build());
  }

  private String machine() {
    return Sfn.createMachine(sfn(), WAIT);
  }

  @Test
  void aSignedCallStartsAnExecutionWithTheBodyAsInput() throws Exception {
    JsonNode t = newTrigger(machine(), "");
    assertThat(t.get("url").asText()).isEqualTo(Sfn.endpoint() + "/hooks/" + t.get("id").asText());
    assertThat(t.get("auth").asText()).isEqualTo("HMAC_SHA256");

    JsonApi.Answer a = signedCall(t, "{\"ref\":\"refs/heads/main\"}");
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("started").asBoolean()).isTrue();
    String execution = a.json().get("executionArn").asText();
    assertThat(sfn().describeExecution(r -> r.executionArn(execution)).input())
        .isEqualTo("{\"ref\":\"refs/heads/main\"}");
  }

  @Test
  void aWrongMissingOrForeignSignatureAndAnUnknownTriggerGetTheSame401() throws Exception {
    String machine = machine();
    JsonNode t = newTrigger(machine, "");
    JsonNode other = newTrigger(machine, "");
    String body = "{\"amount\":1}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<JsonApi.Answer> refused =
        List.of(
            // signed with another trigger's secret
            JsonApi.send(
                hook(t, body)
                    .header("X-Hub-Signature-256", signature(other.get("secret").asText(), bytes))
                    .build()),
            // the right signature of another body
            JsonApi.send(
                hook(t, "{\"amount\":1000}")
                    .header("X-Hub-Signature-256", signature(t.get("secret").asText(), bytes))
                    .build()),
            // no signature; the secret as a bearer token where the trigger wants an HMAC
            JsonApi.send(hook(t, body).build()),
            JsonApi.send(
                hook(t, body)
                    .header("Authorization", "Bearer " + t.get("secret").asText())
                    .build()),
            // a trigger that does not exist, signed with a real secret
            JsonApi.send(
                HttpRequest.newBuilder(Sfn.endpoint().resolve("/hooks/no-such-trigger"))
                    .header("X-Hub-Signature-256", signature(t.get("secret").asText(), bytes))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build()));
    for (JsonApi.Answer a : refused) {
      assertThat(a.status()).as(a.text()).isEqualTo(401);
      assertThat(a.text()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }
    assertThat(sfn().listExecutions(r -> r.stateMachineArn(machine)).executions()).isEmpty();
    // Refusals from one address are audited once a minute, with a count (TriggerAttackTest).
    awaitAudit("InvokeTrigger", "denied", t.get("target").asText(), 1);
  }

  @Test
  void aReplayedIdempotencyKeyFindsTheFirstExecution() throws Exception {
    String machine = machine();
    JsonNode t = newTrigger(machine, "");
    JsonApi.Answer first = signedCall(t, "{\"n\":1}", "Idempotency-Key", "delivery-42");
    JsonApi.Answer again = signedCall(t, "{\"n\":1}", "Idempotency-Key", "delivery-42");
    // A key that is no valid execution name still names one execution, always the same.
    JsonApi.Answer odd = signedCall(t, "{}", "Idempotency-Key", "a key/with spaces");
    JsonApi.Answer oddAgain = signedCall(t, "{}", "Idempotency-Key", "a key/with spaces");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("executionArn").asText()).endsWith(":delivery-42");
    assertThat(again.status()).as(again.text()).isEqualTo(200);
    assertThat(again.json().get("started").asBoolean()).isFalse();
    assertThat(again.json().get("executionArn")).isEqualTo(first.json().get("executionArn"));
    assertThat(odd.status()).isEqualTo(201);
    assertThat(oddAgain.status()).isEqualTo(200);
    assertThat(oddAgain.json().get("executionArn")).isEqualTo(odd.json().get("executionArn"));
    assertThat(sfn().listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(2);
  }

  @Test
  void anIdempotencyKeyPathNamesTheExecutionFromTheBody() throws Exception {
    String machine = machine();
    JsonNode t = newTrigger(machine, "\"idempotencyKeyPath\":\"$.delivery.id\"");
    String body = "{\"delivery\":{\"id\":\"evt_123\"}}";
    JsonApi.Answer first = signedCall(t, body);
    JsonApi.Answer again = signedCall(t, body);
    JsonApi.Answer missing = signedCall(t, "{\"delivery\":{}}");
    assertThat(first.json().get("executionArn").asText()).endsWith(":evt_123");
    assertThat(again.status()).isEqualTo(200);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("message").asText()).contains("$.delivery.id");
  }

  @Test
  void aBearerTriggerTakesItsSecretAsAToken() throws Exception {
    JsonNode t = newTrigger(machine(), "\"auth\":\"BEARER\"");
    String secret = t.get("secret").asText();
    JsonApi.Answer ok =
        JsonApi.send(hook(t, "{}").header("Authorization", "Bearer " + secret).build());
    JsonApi.Answer wrong =
        JsonApi.send(hook(t, "{}").header("Authorization", "Bearer " + secret + "x").build());
    JsonApi.Answer hmacInstead =
        JsonApi.send(
            hook(t, "{}")
                .header(
                    "X-Hub-Signature-256", signature(secret, "{}".getBytes(StandardCharsets.UTF_8)))
                .build());
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(hmacInstead.status()).isEqualTo(401);
  }

  @Test
  void aRawTriggerWrapsAFormBodyAndItsHeadersButNotTheSecret() throws Exception {
    JsonNode t = newTrigger(machine(), "\"auth\":\"BEARER\",\"inputFormat\":\"RAW\"");
    String form = "name=Ada&amount=12";
    JsonApi.Answer a =
        JsonApi.send(
            HttpRequest.newBuilder(URI.create(t.get("url").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + t.get("secret").asText())
                .header("X-Sender", "forms")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    JsonNode input =
        Json.parse(
            sfn()
                .describeExecution(r -> r.executionArn(a.json().get("executionArn").asText()))
                .input());
    assertThat(input.get("body").asText()).isEqualTo(form);
    assertThat(input.at("/headers/x-sender").asText()).isEqualTo("forms");
    assertThat(input.get("headers").has("authorization")).isFalse();
  }

  @Test
  void aBodyOverTheLimitIs413AndNotJsonIs400() throws Exception {
    String machine = machine();
    JsonNode t = newTrigger(machine, "");
    String big = "{\"pad\":\"" + "x".repeat(256 * 1024) + "\"}";
    JsonApi.Answer tooLarge = signedCall(t, big);
    assertThat(tooLarge.status()).isEqualTo(413);
    // Sent without a length (chunked): refused once the limit is passed, not read to the end.
    JsonApi.Answer chunked =
        JsonApi.send(
            hook(t, "")
                .header("X-Hub-Signature-256", "sha256=00")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build());
    assertThat(chunked.status()).isEqualTo(413);
    JsonApi.Answer notJson = signedCall(t, "amount=1");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("message").asText())
        .contains("Invalid State Machine Execution Input");
    assertThat(sfn().listExecutions(r -> r.stateMachineArn(machine)).executions()).isEmpty();
  }

  @Test
  void callsOverTheRateGet429WithRetryAfter() throws Exception {
    JsonNode t = newTrigger(machine(), "");
    int accepted = 0;
    JsonApi.Answer limited = null;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonApi.Answer>> calls =
          pool.invokeAll(
              java.util.stream.IntStream.range(0, 40)
                  .<java.util.concurrent.Callable<JsonApi.Answer>>mapToObj(
                      i -> () -> signedCall(t, "{\"i\":" + i + "}"))
                  .toList());
      for (Future<JsonApi.Answer> f : calls) {
        JsonApi.Answer a = f.get();
        if (a.status() == 201) accepted++;
        else if (a.status() == 429) limited = a;
        else throw new AssertionError(a.status() + " " + a.text());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(accepted).isBetween(20, 39); // the burst of 20, and what refilled meanwhile
    assertThat(limited).isNotNull();
    assertThat(Integer.parseInt(limited.raw().headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
    awaitAudit("InvokeTrigger", "throttled", t.get("target").asText(), 1);
  }

  @Test
  void rotationRetiresTheOldSecretAndNoAnswerOrRowShowsASecret() throws Exception {
    JsonNode t = newTrigger(machine(), "");
    String id = t.get("id").asText();
    String oldSecret = t.get("secret").asText();
    JsonApi.Answer rotated = admin.post("/api/v1/triggers/" + id + "/rotate", "");
    assertThat(rotated.status()).isEqualTo(200);
    String newSecret = rotated.json().get("secret").asText();
    assertThat(newSecret).isNotEqualTo(oldSecret);

    assertThat(signedCall(t, "{}").status()).isEqualTo(401);
    JsonNode renewed =
        ((com.fasterxml.jackson.databind.node.ObjectNode) t.deepCopy()).put("secret", newSecret);
    assertThat(signedCall(renewed, "{}").status()).isEqualTo(201);

    JsonApi.Answer described = admin.get("/api/v1/triggers/" + id);
    JsonApi.Answer listed = admin.get("/api/v1/triggers");
    assertThat(described.json().has("secret")).isFalse();
    assertThat(listed.text()).contains(id).doesNotContain(newSecret).doesNotContain("\"secret\"");
    for (Row row : db.query("SELECT * FROM webhook_triggers WHERE id = $1", id)) {
      String everything = row.toJson().encode();
      assertThat(everything).doesNotContain(newSecret);
      byte[] sealed = row.getBuffer("secret_enc").getBytes();
      assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(newSecret);
    }

    assertThat(admin.delete("/api/v1/triggers/" + id).status()).isEqualTo(204);
    for (String change : List.of("CreateTrigger", "RotateTriggerSecret", "DeleteTrigger")) {
      awaitAudit(change, "ok", t.get("target").asText(), 1);
    }
    assertThat(signedCall(renewed, "{}").status()).isEqualTo(401);
    assertThat(admin.get("/api/v1/triggers/" + id).status()).isEqualTo(404);
  }

  @Test
  void theJsonApiWantsASignatureAndSaysWhatIsWrong() throws Exception {
    JsonApi.Answer unsigned =
        JsonApi.send(
            HttpRequest.newBuilder(Sfn.endpoint().resolve("/api/v1/triggers")).GET().build());
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.json().get("message").asText()).contains("SigV4");
    JsonApi.Answer forged =
        new JsonApi(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    LocalProfile.adminKey().accessKeyId(), "not-the-secret"))
            .get("/api/v1/triggers");
    assertThat(forged.status()).isEqualTo(401);

    JsonApi.Answer noTarget = admin.post("/api/v1/triggers", "{\"name\":\"x\"}");
    assertThat(noTarget.status()).isEqualTo(400);
    assertThat(noTarget.json().get("message").asText()).contains("target");
    JsonApi.Answer badArn =
        admin.post("/api/v1/triggers", "{\"name\":\"x\",\"target\":\"arn:aws:s3:::bucket\"}");
    assertThat(badArn.status()).isEqualTo(400);
    JsonApi.Answer missing =
        admin.post(
            "/api/v1/triggers",
            "{\"name\":\"x\",\"target\":\""
                + machine().replaceAll(":[^:]+$", ":no-such-machine")
                + "\"}");
    assertThat(missing.status()).isEqualTo(404);
    JsonApi.Answer badAuth =
        admin.post(
            "/api/v1/triggers",
            "{\"name\":\"x\",\"target\":\"" + machine() + "\",\"auth\":\"BASIC\"}");
    assertThat(badAuth.status()).isEqualTo(400);
    assertThat(badAuth.json().get("message").asText()).contains("HMAC_SHA256");
    assertThat(admin.post("/api/v1/triggers", "not json").status()).isEqualTo(400);
  }

  /** Waits for the audit writer (it writes behind the calls) to record at least n entries. */
  private void awaitAudit(String action, String outcome, String resource, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long count = 0;
    while (System.nanoTime() < deadline) {
      count =
          db.query(
                  "SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = $2"
                      + " AND resource = $3",
                  action,
                  outcome,
                  resource)
              .iterator()
              .next()
              .getLong(0);
      if (count >= n) return;
      Thread.sleep(100);
    }
    assertThat(count).as("audit entries " + action + " " + outcome).isGreaterThanOrEqualTo(n);
  }
}
