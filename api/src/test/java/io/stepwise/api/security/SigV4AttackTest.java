package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 against the running server, as an attacker holding one signed request would try it: the
 * same signature with another body, or with another action when the client left the target
 * unsigned. The AWS CLI (botocore, which signs without {@code x-amz-content-sha256}) still works.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SigV4AttackTest {
  /** The JDK client tries an h2c upgrade: the host then arrives as HTTP/2's :authority. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";

  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length");

  private static Path credentials() {
    return Path.of(LocalProfile.DATA, "security", "credentials").toAbsolutePath();
  }

  /** Signs {@code body} with the admin's key as the SDK does; {@code action} null leaves it out. */
  private static Map<String, List<String>> signed(String action, String body) {
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(Sfn.endpoint().resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0");
    if (action != null) request.putHeader("X-Amz-Target", "AWSStepFunctions." + action);
    AwsCredentialsIdentity admin = LocalProfile.adminKey();
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(admin)
                    .request(request.build())
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
        .request()
        .headers();
  }

  private static HttpResponse<String> send(Map<String, List<String>> headers, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(
        (name, values) -> {
          if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            values.forEach(v -> b.header(name, v));
          }
        });
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(String action, String body) throws Exception {
    HttpResponse<String> r = send(signed(action, body), body);
    assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  private static String newMachine() throws Exception {
    return ok(
            "CreateStateMachine",
            Json.write(
                Json.object()
                    .put("name", Sfn.unique("sigv4"))
                    .put("definition", WAIT)
                    .put("roleArn", Sfn.ROLE)))
        .get("stateMachineArn")
        .asText();
  }

  @Test
  void aSignedStartExecutionReplayedWithAnotherBodyIsRefused() throws Exception {
    String machine = newMachine();
    String small =
        Json.write(Json.object().put("stateMachineArn", machine).put("input", "{\"amount\":1}"));
    Map<String, List<String>> headers = signed("StartExecution", small);
    assertThat(send(headers, small).statusCode()).isEqualTo(200);

    String large =
        Json.write(
            Json.object().put("stateMachineArn", machine).put("input", "{\"amount\":1000000}"));
    HttpResponse<String> replayed = send(headers, large);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(Json.parse(replayed.body()).path("__type").asText())
        .isEqualTo("InvalidSignatureException");
    assertThat(replayed.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("InvalidSignatureException");
    List<String> inputs = new ArrayList<>();
    for (JsonNode e :
        ok("ListExecutions", "{\"stateMachineArn\":\"" + machine + "\"}").path("executions")) {
      inputs.add(
          ok("DescribeExecution", "{\"executionArn\":\"" + e.get("executionArn").asText() + "\"}")
              .get("input")
              .asText());
    }
    assertThat(inputs).containsExactly("{\"amount\":1}");
  }

  @Test
  void aSignatureWithoutTheTargetCannotBeUsedForAnotherAction() throws Exception {
    String machine = newMachine();
    String body = "{\"stateMachineArn\":\"" + machine + "\"}";
    Map<String, List<String>> headers = new java.util.HashMap<>(signed(null, body));
    headers.put("X-Amz-Target", List.of("AWSStepFunctions.DeleteStateMachine"));
    HttpResponse<String> swapped = send(headers, body);
    assertThat(swapped.statusCode()).isEqualTo(400);
    assertThat(Json.parse(swapped.body()).path("message").asText())
        .isEqualTo("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    assertThat(ok("DescribeStateMachine", body).path("status").asText()).isEqualTo("ACTIVE");
  }

  @Test
  void theAwsCliSignsAsTheServerExpects() throws Exception {
    Path aws = Path.of("/usr/bin/aws");
    if (!Files.isExecutable(aws)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI needs the AWS CLI: apt-get install awscli");
      }
      System.out.println("SigV4AttackTest: /usr/bin/aws is missing (apt-get install awscli)");
      return;
    }
    String machine = newMachine();
    String started =
        cli(
            aws,
            "stepfunctions",
            "start-execution",
            "--state-machine-arn",
            machine,
            "--input",
            "{\"amount\":5}");
    String execution = Json.parse(started).get("executionArn").asText();
    String described =
        cli(aws, "stepfunctions", "describe-execution", "--execution-arn", execution);
    assertThat(Json.parse(described).get("input").asText()).isEqualTo("{\"amount\":5}");
  }

  private static String cli(Path aws, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(aws.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", Sfn.endpoint().toString(), "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentials().toString());
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    env.remove("AWS_PROFILE");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + " → " + out).isZero();
    return out;
  }
}
