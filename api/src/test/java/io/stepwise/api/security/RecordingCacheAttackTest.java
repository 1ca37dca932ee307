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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web UI keeps the recordings of the last executions looked at (time travel, "why", export) in
 * a cache shared by every user. Before, a finished execution's cached recording was handed out
 * before the caller's access was checked: once somebody of team-a had opened one, team-b's bob
 * exported its whole history, inputs and outputs included, by naming its ARN in a bulk export
 * (whose form the page guard cannot read).
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class RecordingCacheAttackTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  @Test
  void anotherTeamsCachedRecordingIsNotHandedOut() throws Exception {
    String machine = SsoApiTest.create("eve", Sfn.unique("cached"), PASS);
    String name = Sfn.unique("payroll");
    String execution =
        ok(
                "oscar",
                "StartExecution",
                "{\"stateMachineArn\":\""
                    + machine
                    + "\",\"name\":\""
                    + name
                    + "\",\"input\":\"{\\\"salary\\\":98765}\"}")
            .get("executionArn")
            .asText();
    for (int i = 0; i < 100; i++) {
      String status =
          ok("ada", "DescribeExecution", "{\"executionArn\":\"" + execution + "\"}")
              .get("status")
              .asText();
      if (status.equals("SUCCEEDED")) break;
      Thread.sleep(100);
    }
    String export =
        "/executions/" + URLEncoder.encode(execution, StandardCharsets.UTF_8) + "/export";

    HttpResponse<String> own = page("alice", "GET", export, null);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("98765");

    // Pages that name the execution in their path are refused by the page guard.
    HttpResponse<String> stranger = page("bob", "GET", export, null);
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(stranger.body()).doesNotContain("98765");

    String moment =
        "/executions/" + URLEncoder.encode(execution, StandardCharsets.UTF_8) + "/moment?event=2";
    assertThat(page("alice", "GET", moment, null).statusCode()).isEqualTo(200);
    HttpResponse<String> travel = page("bob", "GET", moment, null);
    assertThat(travel.statusCode()).isEqualTo(403);
    assertThat(travel.body()).doesNotContain("98765");

    // The bulk export names it in its form, which only the service can check.
    HttpResponse<String> bulk =
        page(
            "bob",
            "POST",
            "/executions/bulk/export",
            "action=export&scope=picked&limit=1&execution="
                + URLEncoder.encode(execution, StandardCharsets.UTF_8));
    assertThat(bulk.body()).contains("not-exported.txt").doesNotContain(name + ".json");
  }
}
