package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.AuditEntry;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PreventSelfApproval: the execution's starter cannot decide it by link or from the inbox. */
@QuarkusTest
class SelfApprovalPolicyTest extends ApprovalPolicyFixture {
  @Test
  void theStarterCannotApproveTheirOwnExecutionByLinkOrInbox() {
    Task task = dispatch(2, "\"Groups\": [\"finance\"], \"PreventSelfApproval\": true", true);
    String starter = task.to().get(0);
    String other = task.to().get(1);
    String token = task.token();
    ApprovalRecord a = store.approvalForToken(token).orElseThrow();
    String sam = a.startedBy().getFirst();
    assertThat(a.startedBy()).containsExactly(sam, starter);

    // The starter's own mailed link: refused on opening and on confirming.
    String starterLink = link(starter, "Approve");
    Response opened = given().redirects().follow(false).get(starterLink);
    assertThat(outcome(opened)).isEqualTo("SELF_APPROVAL");
    assertThat(opened.asString()).doesNotContain("id=\"confirm-form\"");
    Response confirmed = vote(starterLink);
    assertThat(confirmed.statusCode()).isEqualTo(403);

    // The starter signed in (by name, in the finance group) is refused from the inbox as well.
    Response inbox =
        given()
            .redirects()
            .follow(false)
            .header(TestSignIn.USER, sam)
            .header(TestSignIn.GROUPS, "finance")
            .get("/approvals/inbox");
    assertThat(inbox.asString()).doesNotContain("action=\"/approvals/inbox/" + a.id() + "\"");
    String cookie = inbox.getCookie("stepwise_inbox_csrf");
    Response forged =
        given()
            .redirects()
            .follow(false)
            .header(TestSignIn.USER, sam)
            .header(TestSignIn.GROUPS, "finance")
            .cookie("stepwise_inbox_csrf", cookie)
            .contentType("application/x-www-form-urlencoded")
            .formParam("choice", "Approve")
            .formParam("csrf", signerToken(a.id(), sam, cookie))
            .post("/approvals/inbox/" + a.id());
    assertThat(outcome(forged)).isEqualTo("SELF_APPROVAL");
    assertThat(tokens.calls(token)).isEmpty();

    // Anyone else decides.
    assertThat(outcome(vote(link(other, "Approve")))).isEqualTo("DECIDED");
    assertThat(audits.audit(a.id()))
        .extracting(AuditEntry::outcome)
        .contains("SELF_APPROVAL", "DECIDED");
  }

  private String signerToken(UUID approvalId, String user, String cookie) {
    return signer.csrfToken("inbox|" + approvalId + "|" + user, cookie);
  }
}
