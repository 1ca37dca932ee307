package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.execution.StartedBy;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStore;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * PreventSelfApproval through the assembled server (local mode): StartExecution signed with the
 * local admin's access key records the admin as the starter, the approval gets it, and the admin
 * signed in is not offered the approval in the inbox and is refused when posting a decision anyway;
 * the same approval without the policy is offered to them.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SelfApprovalTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Inject ApprovalStore approvals;
  @Inject StartedBy startedBy;
  @Inject LinkSigner signer;

  private ApprovalRecord startAndAwaitApproval(SfnClient sfn, boolean prevent) throws Exception {
    String machine =
        Sfn.createMachine(
            sfn,
            """
            {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
              "Resource":"arn:aws:states:::stepwise:approval.waitForTaskToken",
              "Parameters":{"Groups":["approver"],"PreventSelfApproval":%s},"End":true}}}"""
                .formatted(prevent));
    String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      List<ApprovalRecord> found = approvals.approvalsOfExecution(execution);
      if (!found.isEmpty()) return found.getFirst();
      Thread.sleep(100);
    }
    throw new AssertionError("no approval was dispatched for " + execution);
  }

  private static String session() throws Exception {
    String form =
        "username=admin&password="
            + URLEncoder.encode(LocalProfile.adminPassword(), StandardCharsets.UTF_8)
            + "&next=%2Fapprovals%2Finbox";
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(303);
    return cookie(r, "stepwise-session").orElseThrow();
  }

  private static Optional<String> cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.split(";", 2)[0])
        .findFirst();
  }

  private static HttpResponse<String> inbox(String session, String execution) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(
                    Sfn.endpoint()
                        + "/approvals/inbox?execution="
                        + URLEncoder.encode(execution, StandardCharsets.UTF_8)))
            .header("Cookie", session)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theStarterIsRecordedAndCannotDecideTheirOwnExecutionsApproval() throws Exception {
    SfnClient sfn = LocalProfile.adminClient();
    ApprovalRecord guarded = startAndAwaitApproval(sfn, true);
    ApprovalRecord open = startAndAwaitApproval(sfn, false);
    assertThat(startedBy.startedBy(guarded.executionArn())).containsExactly("admin");
    assertThat(guarded.startedBy()).containsExactly("admin");

    String session = session();
    HttpResponse<String> theirs = inbox(session, guarded.executionArn());
    assertThat(theirs.statusCode()).isEqualTo(200);
    String action = "action=\"/approvals/inbox/" + guarded.id() + "\"";
    assertThat(theirs.body()).doesNotContain(action);
    // Without the policy the admin (who holds every role, approver included) is offered it.
    assertThat(inbox(session, open.executionArn()).body())
        .contains("action=\"/approvals/inbox/" + open.id() + "\"");

    // Posting anyway, with a CSRF token made for exactly this approval and user: refused.
    String nonce = cookie(theirs, "stepwise_inbox_csrf").orElseThrow();
    String token = signer.csrfToken("inbox|" + guarded.id() + "|admin", nonce.split("=", 2)[1]);
    HttpResponse<String> posted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/approvals/inbox/" + guarded.id()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", session + "; " + nonce)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "choice=Approve&csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(403);
    assertThat(posted.body()).contains("data-outcome=\"SELF_APPROVAL\"");
    assertThat(approvals.approval(guarded.id()).orElseThrow().decision()).isNull();
  }
}
