package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The bulk pages' hidden fields ({@code /executions/bulk/run}) are the browser's to send back, so
 * an attacker edits them: a tampered cursor or bound is a 400 naming the problem, never a 500, and
 * acts on nothing outside the confirmed selection.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class BulkActionAttackTest {
  private static final String WAIT =
      "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}";

  private final SfnClient sfn = LocalProfile.adminClient();

  @Test
  void aTamperedCursorOrBoundIsA400AndStopsNothing() throws Exception {
    String machine = Sfn.createMachine(sfn, WAIT);
    String execution =
        sfn.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
    CsrfTokenTest.Session s = CsrfTokenTest.signedIn();
    String token = s.token("/executions");
    String picked =
        "action=stop&scope=picked&limit=1&execution="
            + URLEncoder.encode(execution, StandardCharsets.UTF_8)
            + "&_csrf="
            + token;
    for (String tampered : new String[] {"&cursor=-1", "&cursor=5", "&cursor=2147483648"}) {
      HttpResponse<String> r = s.post("/executions/bulk/run", picked + tampered);
      assertThat(r.statusCode()).as(tampered + ": " + r.body()).isEqualTo(400);
    }
    assertThat(sfn.describeExecution(r -> r.executionArn(execution)).status())
        .isEqualTo(ExecutionStatus.RUNNING);
    // A bound in the far future: an instant PostgreSQL cannot hold.
    HttpResponse<String> search =
        s.post(
            "/executions/bulk/run",
            "action=stop&scope=search&limit=1&before=9223372036854775807&stateMachine="
                + URLEncoder.encode(machine, StandardCharsets.UTF_8)
                + "&_csrf="
                + token);
    assertThat(search.statusCode()).as(search.body()).isIn(200, 400);
  }
}
