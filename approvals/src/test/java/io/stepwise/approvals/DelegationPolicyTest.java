package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.engine.json.Json;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** AllowDelegation: a decider hands their part to a delegate with links of their own; refusals. */
@QuarkusTest
class DelegationPolicyTest extends ApprovalPolicyFixture {
  /** Posts a delegation from a link's confirm page, opened just before. */
  private static Response delegate(String url, String to) {
    Prepared page = prepare(url);
    return given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .cookie("stepwise_approval_csrf", page.cookie())
        .formParam("csrf", page.csrf())
        .formParam("to", to)
        .post(url + "/delegate");
  }

  @Test
  void aDeciderHandsTheirPartToADelegateWhoDecidesWhileTheirOwnLinksStopWorking() {
    Task task = dispatch(2, "\"Quorum\": 2, \"AllowDelegation\": true");
    String delegate = "delegate-" + orderOf(task) + "@example.com";
    String mine = link(task.to().get(0), "Approve");
    Prepared stale = prepare(mine);
    assertThat(given().get(mine).asString()).contains("id=\"delegate-form\"");

    // Another site cannot hand it over: without the page's CSRF token nothing changes.
    Response forged =
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("to", "attacker@example.com")
            .post(mine + "/delegate");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(outcome(forged)).isEqualTo("CSRF_REFUSED");
    assertThat(approval(task).recipients()).containsExactlyElementsOf(task.to());

    Response handed = delegate(mine, delegate);
    assertThat(outcome(handed)).isEqualTo("HANDED_OVER");
    assertThat(handed.asString()).contains("Handed to " + delegate);

    MimeMessage mail = MailedLinks.awaitMail(delegate);
    assertThat(MailedLinks.text(mail))
        .contains(task.to().get(0) + " handed their decision on this approval to you")
        .doesNotContain(task.token());
    // The delegator's links answer "handed to ...", on opening and on posting.
    Response reopened = given().redirects().follow(false).get(mine);
    assertThat(outcome(reopened)).isEqualTo("DELEGATED");
    assertThat(reopened.asString()).contains("Handed to " + delegate);
    Response posted = stale.post();
    assertThat(posted.statusCode()).isEqualTo(410);
    assertThat(outcome(posted)).isEqualTo("DELEGATED");
    assertThat(approval(task).recipients()).containsExactly(task.to().get(1), delegate);

    assertThat(outcome(vote(link(task.to().get(1), "Approve")))).isEqualTo("VOTED");
    assertThat(outcome(vote(MailedLinks.links(mail).get("Approve")))).isEqualTo("DECIDED");
    JsonNode output = Json.parseTrusted(tokens.calls(task.token()).getFirst().output());
    assertThat(output.get("votes").findValuesAsText("decidedBy"))
        .containsExactly(task.to().get(1), delegate);
    assertThat(audits.audit(approval(task).id()))
        .extracting(AuditEntry::outcome)
        .contains("HANDED_OVER", "DELEGATED", "DECIDED");
  }

  @Test
  void delegationToOneselfToSomeoneWhoDecidedOrWithoutThePolicyIsRefused() {
    Task task = dispatch(3, "\"Quorum\": 3, \"AllowDelegation\": true");
    String mine = link(task.to().get(0), "Approve");
    assertThat(vote(link(task.to().get(1), "Approve")).asString()).contains("VOTED");

    Response self = delegate(mine, task.to().get(0).toUpperCase(java.util.Locale.ROOT));
    assertThat(self.statusCode()).isEqualTo(400);
    assertThat(self.asString()).contains("You cannot hand it to yourself");
    assertThat(delegate(mine, task.to().get(1)).asString()).contains("has decided already");
    assertThat(delegate(mine, task.to().get(2)).asString()).contains("is asked already");
    assertThat(delegate(mine, "not an address <b>").asString())
        .contains("&#39;not an address &lt;b&gt;&#39; is not an e-mail address")
        .doesNotContain("<b>");
    assertThat(approval(task).recipients()).containsExactlyElementsOf(task.to());

    Task plain = dispatch(1, "\"Quorum\": \"ANY\"");
    String link = link(plain.to().getFirst(), "Approve");
    assertThat(given().get(link).asString()).doesNotContain("delegate-form");
    assertThat(delegate(link, "someone@example.com").asString())
        .contains("does not allow delegation");
  }
}
