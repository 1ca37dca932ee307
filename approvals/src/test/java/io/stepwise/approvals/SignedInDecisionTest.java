package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Deciding as a signed-in user (the security context {@link TestSignIn} fills, as the server's page
 * guard does): RequireSignIn links and the inbox's choice buttons. Only the approval's deciders (an
 * address in To, a member of one of its Groups) may decide; the decision records the user; CSRF and
 * finality hold as for links; every attempt is audited.
 */
@QuarkusTest
@QuarkusTestResource(TestPostgres.class)
@QuarkusTestResource(TestMailServer.class)
class SignedInDecisionTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject ApprovalTaskHandler handler;
  @Inject RecordingTaskTokens tokens;
  @Inject ApprovalStore store;
  @Inject AuditStore audits;
  @Inject LinkSigner signer;

  /** A user as the tests sign in: name, groups, verified addresses (null: a plain principal). */
  record User(String name, String groups, String addresses) {
    RequestSpecification request() {
      RequestSpecification r = given().redirects().follow(false);
      if (name == null) return r;
      r = r.header(TestSignIn.USER, name).header(TestSignIn.GROUPS, groups);
      return addresses == null ? r : r.header(TestSignIn.ADDRESSES, addresses);
    }
  }

  private static final User NOBODY = new User(null, null, null);

  /** Dispatches an approval with these extra parameters; returns its stored record. */
  private ApprovalRecord dispatch(String parameters) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String token = "/0#" + id + "-signed-in";
    TestDispatch.approval(
        handler,
        token,
        "arn:aws:states:us-east-1:123456789012:execution:orders:" + id,
        "{\"Subject\": \"Ship order " + id + "?\", " + parameters + "}");
    return store.approvalForToken(token).orElseThrow();
  }

  private static String outcome(Response response) {
    Matcher m = Pattern.compile("data-outcome=\"([A-Z_]+)\"").matcher(response.asString());
    return m.find() ? m.group(1) : "CONFIRM";
  }

  private ApprovalRecord reread(ApprovalRecord a) {
    return store.approval(a.id()).orElseThrow();
  }

  // ---- RequireSignIn links --------------------------------------------------------------------

  @Test
  void aRequireSignInLinkAsksToSignInAndChangesNothingForAnonymousConfirms() {
    String to = "rs-anon-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    ApprovalRecord a = dispatch("\"To\": [\"" + to + "\"], \"RequireSignIn\": true");
    String url = MailedLinks.links(MailedLinks.awaitMail(to)).get("Approve");
    String path = url.substring(url.indexOf("/approvals/decide/"));

    Response page = NOBODY.request().get(url);
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(outcome(page)).isEqualTo("SIGN_IN_REQUIRED");
    assertThat(page.asString())
        .contains("/auth/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
        .doesNotContain("name=\"csrf\"");
    // Even with a valid CSRF token for its cookie, an anonymous confirm decides nothing.
    Response posted =
        NOBODY
            .request()
            .cookie("stepwise_approval_csrf", "a-cookie-of-twenty-chars")
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", signer.csrfToken(ref(url), "a-cookie-of-twenty-chars"))
            .post(url);
    assertThat(outcome(posted)).isEqualTo("SIGN_IN_REQUIRED");
    assertThat(tokens.calls(a.taskToken())).isEmpty();
    assertThat(reread(a).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(audits.audit(a.id()))
        .extracting(AuditEntry::outcome)
        .containsExactly("SIGN_IN_REQUIRED");
  }

  @Test
  void aRecipientSignedInWithTheirAddressConfirmsAndIsRecordedAsDecider() {
    String to = "rs-rec-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    ApprovalRecord a = dispatch("\"To\": [\"" + to + "\"], \"RequireSignIn\": true");
    String url = MailedLinks.links(MailedLinks.awaitMail(to)).get("Approve");
    User dana = new User("dana", "team-x", to.toUpperCase());

    Response page = dana.request().get(url);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.asString()).contains("Signed in as").contains("dana");
    Matcher csrf = CSRF.matcher(page.asString());
    assertThat(csrf.find()).isTrue();
    Response done =
        dana.request()
            .cookie("stepwise_approval_csrf", page.getCookie("stepwise_approval_csrf"))
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", csrf.group(1))
            .post(url);

    assertThat(outcome(done)).isEqualTo("DECIDED");
    JsonNode output = Json.parseTrusted(tokens.calls(a.taskToken()).getFirst().output());
    assertThat(output.get("decidedBy").asText()).isEqualTo("dana");
    assertThat(reread(a).decidedBy()).isEqualTo("dana");
    AuditEntry audit = audits.audit(a.id()).getFirst();
    assertThat(audit.outcome()).isEqualTo("DECIDED");
    assertThat(audit.actor()).isEqualTo("user:dana");
    assertThat(audit.linkId()).isNotNull();
  }

  @Test
  void aSignedInUserOutsideToAndGroupsMayNotConfirmALink() {
    String to = "rs-out-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    ApprovalRecord a =
        dispatch("\"To\": [\"" + to + "\"], \"Groups\": [\"finance\"], \"RequireSignIn\": true");
    String url = MailedLinks.links(MailedLinks.awaitMail(to)).get("Approve");
    User mallory = new User("mallory", "sales", "mallory@example.com");

    Response page = mallory.request().get(url);
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(outcome(page)).isEqualTo("NOT_ALLOWED");
    assertThat(page.asString()).doesNotContain("name=\"csrf\"");
    Response posted =
        mallory
            .request()
            .cookie("stepwise_approval_csrf", "mallorys-own-cookie-value")
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", signer.csrfToken(ref(url), "mallorys-own-cookie-value"))
            .post(url);

    assertThat(posted.statusCode()).isEqualTo(403);
    assertThat(outcome(posted)).isEqualTo("NOT_ALLOWED");
    assertThat(tokens.calls(a.taskToken())).isEmpty();
    assertThat(reread(a).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(audits.audit(a.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo("NOT_ALLOWED");
              assertThat(e.actor()).isEqualTo("user:mallory");
            });

    // A member of the approval's group may, with the same link.
    User erin = new User("erin", "finance", null);
    Response erinsPage = erin.request().get(url);
    Matcher csrf = CSRF.matcher(erinsPage.asString());
    assertThat(csrf.find()).isTrue();
    Response done =
        erin.request()
            .cookie("stepwise_approval_csrf", erinsPage.getCookie("stepwise_approval_csrf"))
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", csrf.group(1))
            .post(url);
    assertThat(outcome(done)).isEqualTo("DECIDED");
    assertThat(reread(a).decidedBy()).isEqualTo("erin");
  }

  // ---- the inbox -----------------------------------------------------------------------------

  /** The inbox as {@code user} sees it: the page, its CSRF cookie, and the form of one approval. */
  record Inbox(Response page, String cookie) {
    String csrfFor(UUID approvalId) {
      String html = page.asString();
      int row = html.indexOf("action=\"/approvals/inbox/" + approvalId + "\"");
      if (row < 0) return null;
      Matcher m = CSRF.matcher(html.substring(row));
      return m.find() ? m.group(1) : null;
    }
  }

  private static Inbox inbox(User user) {
    Response page = user.request().get("/approvals/inbox");
    assertThat(page.statusCode()).isEqualTo(200);
    return new Inbox(page, page.getCookie("stepwise_inbox_csrf"));
  }

  private static Response decide(User user, UUID id, String cookie, String csrf, String choice) {
    RequestSpecification r =
        user.request().contentType("application/x-www-form-urlencoded").formParam("choice", choice);
    if (cookie != null) r = r.cookie("stepwise_inbox_csrf", cookie);
    if (csrf != null) r = r.formParam("csrf", csrf);
    return r.formParam("comment", "<b>ok</b> from the inbox").post("/approvals/inbox/" + id);
  }

  @Test
  void aDeciderDecidesFromTheInboxOnceAndIsRecorded() {
    ApprovalRecord a =
        dispatch(
            "\"Groups\": [\"finance\"], \"AllowComment\": true,"
                + " \"Choices\": [\"Ship\", \"Hold\"], \"FailOn\": {\"Hold\": \"Order.Held\"}");
    User erin = new User("erin", "finance", "erin@example.com");
    Inbox seen = inbox(erin);
    String csrf = seen.csrfFor(a.id());
    assertThat(csrf).as("erin is offered the choices").isNotNull();
    assertThat(seen.page().asString()).contains("value=\"Ship\"").contains("value=\"Hold\"");

    Response done = decide(erin, a.id(), seen.cookie(), csrf, "Hold");

    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(outcome(done)).isEqualTo("DECIDED");
    assertThat(done.asString())
        .contains("&lt;b&gt;ok&lt;/b&gt; from the inbox")
        .contains("href=\"/approvals/inbox\"");
    List<RecordingTaskTokens.Call> calls = tokens.calls(a.taskToken());
    assertThat(calls).singleElement().satisfies(c -> assertThat(c.error()).isEqualTo("Order.Held"));
    JsonNode cause = Json.parseTrusted(calls.getFirst().cause());
    assertThat(cause.get("decision").asText()).isEqualTo("Hold");
    assertThat(cause.get("decidedBy").asText()).isEqualTo("erin");
    assertThat(cause.get("comment").asText()).isEqualTo("<b>ok</b> from the inbox");
    ApprovalRecord decided = reread(a);
    assertThat(decided.status()).isEqualTo(ApprovalStatus.DECIDED);
    assertThat(decided.decidedBy()).isEqualTo("erin");

    // Final: the same form again changes nothing.
    Response again = decide(erin, a.id(), seen.cookie(), csrf, "Ship");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(outcome(again)).isEqualTo("ALREADY_DECIDED");
    assertThat(tokens.calls(a.taskToken())).hasSize(1);
    assertThat(reread(a).decision()).isEqualTo("Hold");
    assertThat(audits.audit(a.id()))
        .extracting(AuditEntry::outcome, AuditEntry::actor, AuditEntry::linkId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DECIDED", "user:erin", null),
            org.assertj.core.groups.Tuple.tuple("ALREADY_DECIDED", "user:erin", null));
    assertThat(audits.audit(a.id()).getFirst().detail()).startsWith("from the inbox");
    assertThat(inbox(erin).csrfFor(a.id())).as("no longer offered").isNull();
  }

  @Test
  void theInboxOffersAnApprovalOnlyToItsDecidersAndRefusesOthers() {
    String to = "inbox-to-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    ApprovalRecord a = dispatch("\"To\": [\"" + to + "\"], \"Groups\": [\"finance\"]");
    User mallory = new User("mallory", "sales", "mallory@example.com");
    User recipient = new User("rita", "", to);

    Inbox mallorys = inbox(mallory);
    assertThat(mallorys.csrfFor(a.id())).isNull();
    assertThat(mallorys.page().asString()).contains(a.executionArn());
    assertThat(inbox(recipient).csrfFor(a.id())).as("the To address is rita's").isNotNull();
    assertThat(inbox(NOBODY).csrfFor(a.id())).isNull();

    // A form with a valid token for mallory (say, kept from before she left the group).
    String token = signer.csrfToken("inbox|" + a.id() + "|mallory", mallorys.cookie());
    Response refused = decide(mallory, a.id(), mallorys.cookie(), token, "Approve");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(outcome(refused)).isEqualTo("NOT_ALLOWED");

    Response anonymous = decide(NOBODY, a.id(), null, null, "Approve");
    assertThat(outcome(anonymous)).isEqualTo("SIGN_IN_REQUIRED");

    Inbox ritas = inbox(recipient);
    Response noCookie = decide(recipient, a.id(), null, ritas.csrfFor(a.id()), "Approve");
    Response otherUsersToken = decide(recipient, a.id(), mallorys.cookie(), token, "Approve");
    Response badChoice =
        decide(recipient, a.id(), ritas.cookie(), ritas.csrfFor(a.id()), "Approve all");
    assertThat(outcome(noCookie)).isEqualTo("CSRF_REFUSED");
    assertThat(outcome(otherUsersToken)).isEqualTo("CSRF_REFUSED");
    assertThat(outcome(badChoice)).isEqualTo("BAD_CHOICE");
    assertThat(decide(recipient, UUID.randomUUID(), ritas.cookie(), "x", "Approve").statusCode())
        .isEqualTo(404);

    assertThat(tokens.calls(a.taskToken())).isEmpty();
    assertThat(reread(a).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(audits.audit(a.id()))
        .extracting(AuditEntry::outcome)
        .containsExactly(
            "NOT_ALLOWED", "SIGN_IN_REQUIRED", "CSRF_REFUSED", "CSRF_REFUSED", "BAD_CHOICE");

    Response done = decide(recipient, a.id(), ritas.cookie(), ritas.csrfFor(a.id()), "Approve");
    assertThat(outcome(done)).isEqualTo("DECIDED");
    assertThat(reread(a).decidedBy()).isEqualTo("rita");
  }

  /** The signed reference in a link URL. */
  private static String ref(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
