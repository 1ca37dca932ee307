package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.stepwise.approvals.decision.ApprovalTimers;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.VoteRecord;
import io.stepwise.approvals.store.VoteStore;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.DispatchedTask;
import io.stepwise.server.clock.ServerClock;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Approval policies (issue 22) through mailed links and the inbox, with GreenMail: quorum (ALL, N
 * of M, RejectQuorum) with every vote in the output, one vote per decider, two racing votes that
 * would each complete the quorum, PreventSelfApproval, and forms (valid, invalid, required for a
 * choice, markup escaped).
 */
@QuarkusTest
@QuarkusTestResource(TestPostgres.class)
@QuarkusTestResource(TestMailServer.class)
class ApprovalPolicyTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject ApprovalTaskHandler handler;
  @Inject RecordingTaskTokens tokens;
  @Inject ApprovalStore store;
  @Inject VoteStore voteStore;
  @Inject AuditStore audits;
  @Inject FakeStarts starts;
  @Inject LinkSigner signer;
  @Inject ServerClock clock;
  @Inject ApprovalTimers timers;

  /** An approval mailed to several people: its token, execution and the addresses. */
  record Task(String token, String executionArn, List<String> to) {}

  private Task dispatch(int recipients, String parameters) {
    return dispatch(recipients, parameters, false);
  }

  /** Dispatches; with {@code firstStarted}, the first addressee started the execution. */
  private Task dispatch(int recipients, String parameters, boolean firstStarted) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> to = new ArrayList<>();
    for (int i = 1; i <= recipients; i++) to.add("voter" + i + "-" + id + "@example.com");
    String execution = "arn:aws:states:us-east-1:123456789012:execution:orders:" + id;
    if (firstStarted) starts.started(execution, "starter-" + id, to.getFirst());
    String token = "/0#" + id + "-policy";
    String toJson = String.join("\", \"", to);
    handler.dispatched(
        new DispatchedTask(
            token,
            ApprovalTaskHandler.RESOURCE,
            "Approve order",
            execution,
            "arn:aws:states:us-east-1:123456789012:stateMachine:orders",
            "{\"To\": [\"" + toJson + "\"], \"Subject\": \"Order " + id + "\", " + parameters + "}",
            null,
            null));
    return new Task(token, execution, to);
  }

  private ApprovalRecord approval(Task task) {
    return store.approvalForToken(task.token()).orElseThrow();
  }

  private static String link(String to, String choice) {
    return MailedLinks.links(MailedLinks.awaitMail(to)).get(choice);
  }

  /** Opens a link, then confirms it with these form values. */
  private static Response vote(String url, Map<String, String> form) {
    Response page = given().redirects().follow(false).get(url);
    Matcher m = CSRF.matcher(page.asString());
    RequestSpecification post =
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded");
    if (page.getCookie("stepwise_approval_csrf") != null) {
      post.cookie("stepwise_approval_csrf", page.getCookie("stepwise_approval_csrf"));
    }
    if (m.find()) post.formParam("csrf", m.group(1));
    form.forEach(post::formParam);
    return post.post(url);
  }

  private static Response vote(String url) {
    return vote(url, Map.of());
  }

  private static String outcome(Response response) {
    Matcher m = Pattern.compile("data-outcome=\"([A-Z_]+)\"").matcher(response.asString());
    return m.find() ? m.group(1) : "CONFIRM";
  }

  @Test
  void quorumAllFailsAtOnceWhenTheThirdRejectsAndTheCauseCarriesEveryVote() {
    Task task = dispatch(3, "\"Quorum\": \"ALL\"");

    assertThat(outcome(vote(link(task.to().get(0), "Approve")))).isEqualTo("VOTED");
    Response second = vote(link(task.to().get(1), "Approve"));
    assertThat(outcome(second)).isEqualTo("VOTED");
    assertThat(second.asString()).contains("Needs all 3 addressed deciders");
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);

    assertThat(outcome(vote(link(task.to().get(2), "Reject")))).isEqualTo("DECIDED");

    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst().kind()).isEqualTo("fail");
    assertThat(calls.getFirst().error()).isEqualTo("Approval.Rejected");
    JsonNode cause = Json.parseTrusted(calls.getFirst().cause());
    assertThat(cause.get("decision").asText()).isEqualTo("Reject");
    assertThat(cause.get("decidedBy").asText()).isEqualTo(task.to().get(2));
    assertThat(cause.get("votes")).hasSize(3);
    assertThat(cause.get("votes").findValuesAsText("decision"))
        .containsExactly("Approve", "Approve", "Reject");
    assertThat(cause.get("votes").findValuesAsText("decidedBy"))
        .containsExactlyElementsOf(task.to());
    assertThat(approval(task).decision()).isEqualTo("Reject");
  }

  @Test
  void twoOfThreeSucceedsOnTheSecondEqualVoteAndEachDeciderVotesOnce() {
    Task task = dispatch(3, "\"Quorum\": 2");
    String first = link(task.to().get(0), "Approve");
    // Both of the first decider's confirm pages are open before they vote (two tabs).
    Prepared again = prepare(first);
    Prepared otherChoice = prepare(link(task.to().get(0), "Reject"));
    Prepared third = prepare(link(task.to().get(2), "Approve"));

    assertThat(outcome(vote(first))).isEqualTo("VOTED");
    // The same decider again, through the same link or the other choice: refused, nothing changes.
    assertThat(outcome(again.post())).isEqualTo("ALREADY_VOTED");
    Response other = otherChoice.post();
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(outcome(other)).isEqualTo("ALREADY_VOTED");
    Response reopened = given().redirects().follow(false).get(first);
    assertThat(outcome(reopened)).isEqualTo("ALREADY_VOTED");
    assertThat(reopened.asString()).doesNotContain("id=\"confirm-form\"");
    assertThat(tokens.calls(task.token())).isEmpty();

    assertThat(outcome(vote(link(task.to().get(1), "Approve")))).isEqualTo("DECIDED");
    assertThat(outcome(third.post())).isEqualTo("ALREADY_DECIDED");

    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).extracting(RecordingTaskTokens.Call::kind).containsExactly("succeed");
    JsonNode output = Json.parseTrusted(calls.getFirst().output());
    assertThat(output.get("decision").asText()).isEqualTo("Approve");
    assertThat(output.get("votes").findValuesAsText("decidedBy"))
        .containsExactly(task.to().get(0), task.to().get(1));
    assertThat(voteStore.votes(approval(task).id())).hasSize(2);
    assertThat(audits.audit(approval(task).id()))
        .extracting(AuditEntry::outcome)
        .contains("VOTED", "ALREADY_VOTED", "DECIDED", "ALREADY_DECIDED");
  }

  @Test
  void rejectQuorumWaitsForThatManyFailingVotes() {
    Task task = dispatch(3, "\"Quorum\": \"ALL\", \"RejectQuorum\": 2");

    assertThat(outcome(vote(link(task.to().get(0), "Reject")))).isEqualTo("VOTED");
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(outcome(vote(link(task.to().get(1), "Reject")))).isEqualTo("DECIDED");
    assertThat(tokens.calls(task.token()))
        .extracting(RecordingTaskTokens.Call::error)
        .containsExactly("Approval.Rejected");
  }

  @Test
  void twoConcurrentVotesThatWouldEachCompleteTheQuorumMakeExactlyOneOutcome() throws Exception {
    for (int round = 0; round < 3; round++) {
      Task task = dispatch(3, "\"Quorum\": 2");
      assertThat(outcome(vote(link(task.to().get(0), "Approve")))).isEqualTo("VOTED");
      // Both confirm pages are open before either posts, so both posts race for the last vote.
      List<Prepared> racers =
          List.of(
              prepare(link(task.to().get(1), "Approve")),
              prepare(link(task.to().get(2), "Reject")));
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Response>> results = new ArrayList<>();
        for (Prepared p : racers) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return p.post();
                  }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<Response> f : results) outcomes.add(outcome(f.get()));
        // Whichever came second found the approval decided: its vote is refused, not counted.
        assertThat(outcomes).containsExactlyInAnyOrder("DECIDED", "ALREADY_DECIDED");
      } finally {
        pool.shutdownNow();
      }
      assertThat(tokens.calls(task.token())).hasSize(1);
      List<VoteRecord> votes = voteStore.votes(approval(task).id());
      assertThat(votes).hasSize(2);
      JsonNode result =
          Json.parseTrusted(
              tokens.calls(task.token()).getFirst().kind().equals("succeed")
                  ? tokens.calls(task.token()).getFirst().output()
                  : tokens.calls(task.token()).getFirst().cause());
      assertThat(result.get("votes")).hasSize(2);
      assertThat(approval(task).decision()).isEqualTo(votes.get(1).decision());
    }
  }

  /** A confirm page opened, ready to post. */
  record Prepared(String url, String cookie, String csrf) {
    Response post() {
      return given()
          .redirects()
          .follow(false)
          .contentType("application/x-www-form-urlencoded")
          .cookie("stepwise_approval_csrf", cookie)
          .formParam("csrf", csrf)
          .post(url);
    }
  }

  private static Prepared prepare(String url) {
    Response page = given().redirects().follow(false).get(url);
    Matcher m = CSRF.matcher(page.asString());
    assertThat(m.find()).isTrue();
    return new Prepared(url, page.getCookie("stepwise_approval_csrf"), m.group(1));
  }

  // ---- PreventSelfApproval -----------------------------------------------------------------

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

  // ---- Fields --------------------------------------------------------------------------------

  private static final String FORM =
      "\"Fields\": {\"type\": \"object\", \"properties\": {"
          + "\"amount\": {\"type\": \"number\", \"title\": \"Amount <EUR>\", \"minimum\": 0,"
          + " \"maximum\": 1000},"
          + "\"costCentre\": {\"type\": \"string\", \"enum\": [\"ops\", \"sales\"]},"
          + "\"due\": {\"type\": \"string\", \"format\": \"date\"},"
          + "\"note\": {\"type\": \"string\", \"maxLength\": 20, \"description\": \"Short\"},"
          + "\"urgent\": {\"type\": \"boolean\"},"
          + "\"count\": {\"type\": \"integer\"}},"
          + " \"required\": [\"amount\", \"costCentre\"]},"
          + " \"RequireFieldsFor\": [\"Approve\"]";

  @Test
  void anInvalidFormDecidesNothingAndSaysWhatIsWrongWithTheInputEscaped() {
    Task task = dispatch(1, FORM);
    String url = link(task.to().getFirst(), "Approve");

    Response page = given().redirects().follow(false).get(url);
    assertThat(page.asString())
        .contains("<label for=\"field-c-amount\">Amount &lt;EUR&gt;")
        .contains("type=\"date\"")
        .contains("aria-describedby=\"field-c-note-help\"");

    Map<String, String> bad = new HashMap<>();
    bad.put("field.amount", "1001");
    bad.put("field.costCentre", "<script>alert(1)</script>");
    bad.put("field.due", "31/12/2026");
    bad.put("field.note", "\"><img src=x onerror=alert(1)>");
    bad.put("field.count", "1.5");
    Response refused = vote(url, bad);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(outcome(refused)).isEqualTo("INVALID_FIELDS");
    assertThat(refused.asString())
        .contains("Amount &lt;EUR&gt; must be at most 1000")
        .contains("costCentre must be one of ops, sales")
        .contains("due must be a date (yyyy-mm-dd)")
        .contains("note may be at most 20 characters long")
        .contains("count must be a whole number")
        .contains("aria-invalid=\"true\"")
        .contains("id=\"confirm-form\"")
        .doesNotContain("<script>alert(1)")
        .doesNotContain("<img src=x")
        .contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"");
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(voteStore.votes(approval(task).id())).isEmpty();

    // Required fields left out for the choice that requires them: refused too.
    Response missing = vote(url, Map.of());
    assertThat(outcome(missing)).isEqualTo("INVALID_FIELDS");
    assertThat(missing.asString()).contains("Amount &lt;EUR&gt; is required");
  }

  @Test
  void aValidFormIsReturnedTypedInTheOutputAndInTheVote() {
    Task task = dispatch(1, FORM);
    Map<String, String> good = new HashMap<>();
    good.put("field.amount", "12.50");
    good.put("field.costCentre", "ops");
    good.put("field.due", "2026-12-31");
    good.put("field.urgent", "true");
    good.put("field.count", "3");

    Response done = vote(link(task.to().getFirst(), "Approve"), good);

    assertThat(outcome(done)).isEqualTo("DECIDED");
    JsonNode output = Json.parseTrusted(tokens.calls(task.token()).getFirst().output());
    JsonNode fields = output.get("fields");
    assertThat(fields.get("amount").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(fields.get("costCentre").asText()).isEqualTo("ops");
    assertThat(fields.get("due").asText()).isEqualTo("2026-12-31");
    assertThat(fields.get("urgent").asBoolean()).isTrue();
    assertThat(fields.get("count").isIntegralNumber()).isTrue();
    assertThat(fields.has("note")).isFalse();
    assertThat(output.get("votes").get(0).get("fields")).isEqualTo(fields);
  }

  @Test
  void aChoiceThatDoesNotRequireTheFieldsDecidesWithoutThem() {
    Task task = dispatch(1, FORM);

    Response done = vote(link(task.to().getFirst(), "Reject"));

    assertThat(outcome(done)).isEqualTo("DECIDED");
    JsonNode cause = Json.parseTrusted(tokens.calls(task.token()).getFirst().cause());
    assertThat(cause.get("fields").get("urgent").asBoolean()).isFalse();
  }

  // ---- Reminders and Escalation (the test clock moves; the timers run as the scheduler would) --

  /** Waits until {@code address} has {@code count} mails; returns them, oldest first. */
  private static List<MimeMessage> mails(String address, int count) {
    MailedLinks.waitUntil(
        () -> MailedLinks.mailsTo(address).size() >= count,
        Duration.ofSeconds(60),
        count + " mails to " + address);
    return MailedLinks.mailsTo(address);
  }

  private void later(Duration by) {
    clock.advance(by);
    timers.runDue();
  }

  @Test
  void remindersGoToWhoHasNotDecidedWithTheSameLinksAndStopAtMax() throws Exception {
    Task task =
        dispatch(3, "\"Quorum\": \"ALL\", \"Reminders\": {\"EverySeconds\": 10, \"Max\": 2}");
    String first = link(task.to().get(0), "Approve");
    Map<String, String> secondsLinks = MailedLinks.links(MailedLinks.awaitMail(task.to().get(1)));
    assertThat(outcome(vote(first))).isEqualTo("VOTED");

    later(Duration.ofSeconds(11));
    List<MimeMessage> second = mails(task.to().get(1), 2);
    assertThat(second.get(1).getSubject()).isEqualTo("Reminder: Order " + orderOf(task));
    assertThat(MailedLinks.text(second.get(1)))
        .contains("Reminder 1 of 2")
        .doesNotContain(task.token());
    assertThat(MailedLinks.links(second.get(1))).isEqualTo(secondsLinks);
    mails(task.to().get(2), 2);

    later(Duration.ofSeconds(10));
    assertThat(MailedLinks.text(mails(task.to().get(1), 3).get(2))).contains("Reminder 2 of 2");
    mails(task.to().get(2), 3);

    later(Duration.ofSeconds(30));
    Thread.sleep(1500); // the outbox sends every second: a third reminder would have gone out
    assertThat(MailedLinks.mailsTo(task.to().get(1))).hasSize(3);
    // The one who decided was never reminded.
    assertThat(MailedLinks.mailsTo(task.to().get(0))).hasSize(1);
    assertThat(audits.audit(approval(task).id()))
        .extracting(AuditEntry::outcome)
        .containsOnlyOnce("VOTED")
        .filteredOn("REMINDED"::equals)
        .hasSize(2);
  }

  @Test
  void remindersStopWhenTheApprovalIsDecided() throws Exception {
    Task task = dispatch(2, "\"Reminders\": {\"EverySeconds\": 10, \"Max\": 3}");
    MailedLinks.awaitMail(task.to().get(1));
    assertThat(outcome(vote(link(task.to().get(0), "Approve")))).isEqualTo("DECIDED");

    later(Duration.ofSeconds(25));
    Thread.sleep(1500);
    assertThat(MailedLinks.mailsTo(task.to().get(1))).hasSize(1);
    assertThat(audits.audit(approval(task).id()))
        .extracting(AuditEntry::outcome)
        .doesNotContain("REMINDED");
  }

  @Test
  void escalationAddsDecidersWhoGetTheirOwnLinksAndCanDecide() {
    String boss = "boss-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
    Task task =
        dispatch(
            1,
            "\"Escalation\": [{\"AfterSeconds\": 30, \"To\": [\""
                + boss
                + "\"], \"Groups\": [\"cfo\"]}]");
    MailedLinks.awaitMail(task.to().getFirst());

    later(Duration.ofSeconds(10));
    assertThat(approval(task).recipients()).containsExactly(task.to().getFirst());

    later(Duration.ofSeconds(21));
    MimeMessage escalation = MailedLinks.awaitMail(boss);
    assertThat(MailedLinks.text(escalation))
        .contains(
            "Escalated: nobody decided within 30 seconds, so " + boss + ", group cfo were added")
        .doesNotContain(task.token());
    ApprovalRecord escalated = approval(task);
    assertThat(escalated.recipients()).containsExactly(task.to().getFirst(), boss);
    assertThat(escalated.groups()).containsExactly("cfo");
    assertThat(audits.audit(escalated.id())).extracting(AuditEntry::outcome).contains("ESCALATED");
    // Once only: later ticks add nobody again.
    later(Duration.ofSeconds(30));
    assertThat(approval(task).recipients()).hasSize(2);

    Response decided = vote(MailedLinks.links(escalation).get("Approve"));
    assertThat(outcome(decided)).isEqualTo("DECIDED");
    JsonNode output = Json.parseTrusted(tokens.calls(task.token()).getFirst().output());
    assertThat(output.get("decidedBy").asText()).isEqualTo(boss);
  }

  // ---- AllowDelegation ---------------------------------------------------------------------

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

  private static String orderOf(Task task) {
    return task.executionArn().substring(task.executionArn().lastIndexOf(':') + 1);
  }
}
