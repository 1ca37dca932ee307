package io.stepwise.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * AWS's quotas at the API's edge: a call over its bucket is answered ThrottlingException in AWS's
 * shape, per team, and a start waits for its machine's team's state transitions.
 */
@QuarkusTest
@TestProfile(ThrottlingTest.SmallQuotas.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ThrottlingTest {
  /** Quotas on, a few of them small (and all but refilled never within a test). */
  public static class SmallQuotas implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "stepwise.quotas.enabled",
          "true",
          "stepwise.quotas.overrides",
          "ListActivities=2/0.001,DescribeExecution=3/0.001,StateTransition=6/0.001,"
              + "StartExecution=1000/1000,ListStateMachines=1/1");
    }
  }

  final HttpClient http = HttpClient.newHttpClient();
  @Inject Throttling throttling;
  @Inject ResourceTeams teams;
  @Inject MeterRegistry registry;

  private static Caller operatorOf(String team) {
    return new Caller(
        team + "-worker", Caller.Kind.ACCESS_KEY, EnumSet.of(Role.OPERATOR), Set.of(team), "");
  }

  private static ObjectNode starting(String machineArn) {
    ObjectNode body = Json.object();
    body.put("stateMachineArn", machineArn);
    return body;
  }

  private HttpResponse<String> listActivities() throws Exception {
    return http.send(
        HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AWSStepFunctions.ListActivities")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCallOverItsQuotaIsAnsweredThrottlingExceptionAsAwsDoes() throws Exception {
    HttpResponse<String> last = null;
    for (int i = 0; i < 3; i++) last = listActivities();
    assertThat(last.statusCode()).isEqualTo(400);
    assertThat(last.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
    assertThat(Json.parseTrusted(last.body()))
        .isEqualTo(
            Json.parseTrusted(
                "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\","
                    + "\"message\":\"Rate exceeded\"}"));

    // The SDK knows it for a throttle (and retries it; here it may not).
    SfnClient noRetries = Sfn.clientWithoutRetries();
    assertThatThrownBy(() -> noRetries.listActivities(b -> {}))
        .isInstanceOfSatisfying(
            SfnException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
              assertThat(e.isThrottlingException()).isTrue();
              assertThat(e.statusCode()).isEqualTo(400);
            });
  }

  @Test
  void theSdkRetriesAThrottledCallWithBackOffUntilItIsServed() {
    // One token a second: calls in a row are throttled, and the SDK's retries (back-off from
    // 250-500 ms, doubled, three of them) outlast the second the bucket takes to refill.
    SfnClient sdk = Sfn.client();
    double before = throttles("ListStateMachines");
    for (int i = 0; i < 3; i++)
      assertThat(sdk.listStateMachines(b -> {}).stateMachines()).isNotNull();
    assertThat(throttles("ListStateMachines"))
        .as("calls the server answered ThrottlingException, counted in stepwise_api_throttled")
        .isGreaterThan(before);
  }

  private double throttles(String action) {
    Counter c =
        registry
            .find("stepwise.api.throttled")
            .tag("action", action)
            .tag("reason", "quota")
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aTeamThatSpentItsQuotaDoesNotStarveAnotherTeam() {
    Caller red = operatorOf("red");
    Caller blue = operatorOf("blue");
    ObjectNode body = Json.object();
    for (int i = 0; i < 3; i++) throttling.admit("DescribeExecution", red, body);
    assertThatThrownBy(() -> throttling.admit("DescribeExecution", red, body))
        .isInstanceOfSatisfying(
            AwsError.class, e -> assertThat(e.type()).isEqualTo("ThrottlingException"));
    for (int i = 0; i < 3; i++) throttling.admit("DescribeExecution", blue, body);
    // A caller of both teams spends neither team's bucket.
    Caller both =
        new Caller(
            "both", Caller.Kind.ACCESS_KEY, EnumSet.of(Role.OPERATOR), Set.of("red", "blue"), "");
    for (int i = 0; i < 3; i++) throttling.admit("DescribeExecution", both, body);
  }

  @Test
  void stateTransitionsSpentByStepsHoldBackStartsOfThatMachinesTeamOnly() {
    String redMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:" + Sfn.unique("red");
    String blueMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:" + Sfn.unique("blue");
    teams.assign(redMachine, "transitions-red", "test");
    teams.assign(blueMachine, "transitions-blue", "test");
    Caller admin = Caller.SYSTEM;
    throttling.admit("StartExecution", admin, starting(redMachine));

    // Executions of red's machine took more transitions than red's bucket holds.
    SfnClient sfn = Sfn.client();
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
                + "\"B\":{\"Type\":\"Pass\",\"Next\":\"C\"},\"C\":{\"Type\":\"Pass\",\"Next\":\"D\"},"
                + "\"D\":{\"Type\":\"Pass\",\"Next\":\"E\"},\"E\":{\"Type\":\"Pass\",\"Next\":\"F\"},"
                + "\"F\":{\"Type\":\"Pass\",\"Next\":\"G\"},\"G\":{\"Type\":\"Pass\",\"End\":true}}}");
    teams.assign(machine, "transitions-red", "test");
    String run = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    Sfn.awaitEnd(sfn, run, java.time.Duration.ofSeconds(10));

    assertThatThrownBy(() -> throttling.admit("StartExecution", admin, starting(redMachine)))
        .isInstanceOfSatisfying(
            AwsError.class, e -> assertThat(e.type()).isEqualTo("ThrottlingException"));
    throttling.admit("StartExecution", admin, starting(blueMachine));
  }
}
