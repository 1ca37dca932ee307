package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stepwise.approvals.decision.ApprovalEnd;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.MailStatus;
import io.stepwise.approvals.store.OutboxMail;
import io.stepwise.approvals.store.OutboxStore;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.DispatchedTask;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestPostgres.class)
@QuarkusTestResource(TestMailServer.class)
class ApprovalFlowTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject ApprovalTaskHandler handler;
  @Inject RecordingTaskTokens tokens;
  @Inject FakeExecutions executions;
  @Inject ApprovalStore store;
  @Inject OutboxStore outbox;
  @Inject AuditStore audits;

  /** A dispatched approval task: its token, execution and the one recipient. */
  record Task(String token, String executionArn, String to) {}

  private Task dispatch(String extraParameters) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String to = "approver-" + id + "@example.com";
    String execution = "arn:aws:states:us-east-1:123456789012:execution:orders:" + id;
    String token = "/0#" + id + "-token";
    String input =
        "{\"To\": [\""
            + to
            + "\"], \"Subject\": \"Ship order "
            + id
            + "?\""
            + (extraParameters.isEmpty() ? "" : ", " + extraParameters)
            + "}";
    TestDispatch.approval(handler, token, execution, input);
    return new Task(token, execution, to);
  }

  /** Opens a link as a browser would, keeping its cookie and the form's CSRF token. */
  record Opened(Response response, String cookie, String csrf) {
    Response confirm(String url, String comment) {
      var request =
          given().redirects().follow(false).contentType("application/x-www-form-urlencoded");
      if (cookie != null) request.cookie("stepwise_approval_csrf", cookie);
      if (csrf != null) request.formParam("csrf", csrf);
      if (comment != null) request.formParam("comment", comment);
      return request.post(url);
    }
  }

  private static Opened open(String url) {
    Response response = given().redirects().follow(false).get(url);
    Matcher m = CSRF.matcher(response.asString());
    return new Opened(
        response, response.getCookie("stepwise_approval_csrf"), m.find() ? m.group(1) : null);
  }

  private static String outcome(Response response) {
    Matcher m = Pattern.compile("data-outcome=\"([A-Z_]+)\"").matcher(response.asString());
    return m.find() ? m.group(1) : "CONFIRM";
  }

  private ApprovalRecord approval(Task task) {
    return store.approvalForToken(task.token()).orElseThrow();
  }

  @Test
  void theMailArrivesWithOneWorkingLinkPerChoiceAndOpeningOneDecidesNothing() {
    Task task = dispatch("\"Message\": \"Order <b>42</b> & co\"");

    MimeMessage mail = MailedLinks.awaitMail(task.to());
    assertThat(MailedLinks.text(mail)).contains("Order <b>42</b> & co");
    assertThat(MailedLinks.html(mail))
        .contains("Order &lt;b&gt;42&lt;/b&gt; &amp; co")
        .doesNotContain(task.token());
    assertThat(MailedLinks.text(mail)).doesNotContain(task.token());
    Map<String, String> links = MailedLinks.links(mail);
    assertThat(links).containsOnlyKeys("Approve", "Reject");
    for (String url : links.values()) assertThat(MailedLinks.html(mail)).contains(url);

    Opened opened = open(links.get("Approve"));
    assertThat(opened.response().statusCode()).isEqualTo(200);
    assertThat(opened.response().asString())
        .contains("Confirm: Approve")
        .contains("Order &lt;b&gt;42&lt;/b&gt; &amp; co")
        .contains(task.executionArn());
    assertThat(opened.response().getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(opened.csrf()).isNotBlank();
    assertThat(opened.cookie()).isNotBlank();
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(outbox.mails(approval(task).id()))
        .extracting(OutboxMail::status)
        .containsExactly(MailStatus.SENT);
  }

  @Test
  void approvingSucceedsTheTaskWithTheDecision() {
    Task task = dispatch("\"AllowComment\": true");
    String url = MailedLinks.links(MailedLinks.awaitMail(task.to())).get("Approve");

    Response done = open(url).confirm(url, "Looks good <3");

    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(outcome(done)).isEqualTo("DECIDED");
    assertThat(done.asString()).contains("Looks good &lt;3");
    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst().kind()).isEqualTo("succeed");
    JsonNode output = Json.parseTrusted(calls.getFirst().output());
    assertThat(output.get("decision").asText()).isEqualTo("Approve");
    assertThat(output.get("comment").asText()).isEqualTo("Looks good <3");
    assertThat(output.get("decidedBy").asText()).isEqualTo(task.to());
    assertThat(output.get("decidedAt").asText()).endsWith("Z");
    ApprovalRecord approval = approval(task);
    assertThat(approval.status()).isEqualTo(ApprovalStatus.DECIDED);
    assertThat(approval.decision()).isEqualTo("Approve");
    List<AuditEntry> audit = audits.audit(approval.id());
    assertThat(audit).hasSize(1);
    assertThat(audit.getFirst().outcome()).isEqualTo("DECIDED");
    assertThat(audit.getFirst().choice()).isEqualTo("Approve");
    assertThat(audit.getFirst().linkId()).isNotNull();
    assertThat(audit.getFirst().remoteAddress()).isNotBlank();
  }

  @Test
  void rejectingFailsTheTaskWithApprovalRejected() {
    Task task = dispatch("");
    String url = MailedLinks.links(MailedLinks.awaitMail(task.to())).get("Reject");

    Response done = open(url).confirm(url, "ignored: comments are off");

    assertThat(outcome(done)).isEqualTo("DECIDED");
    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst().kind()).isEqualTo("fail");
    assertThat(calls.getFirst().error()).isEqualTo("Approval.Rejected");
    JsonNode cause = Json.parseTrusted(calls.getFirst().cause());
    assertThat(cause.get("decision").asText()).isEqualTo("Reject");
    assertThat(cause.get("comment").isNull()).isTrue();
  }

  @Test
  void aConfiguredChoiceFailsWithItsOwnError() {
    Task task =
        dispatch("\"Choices\": [\"Ship\", \"Hold\"], \"FailOn\": {\"Hold\": \"Order.Held\"}");
    String url = MailedLinks.links(MailedLinks.awaitMail(task.to())).get("Hold");

    open(url).confirm(url, null);

    assertThat(tokens.calls(task.token()).getFirst().error()).isEqualTo("Order.Held");
  }

  @Test
  void aSecondClickOnAnyLinkChangesNothing() {
    Task task = dispatch("");
    Map<String, String> links = MailedLinks.links(MailedLinks.awaitMail(task.to()));
    String approve = links.get("Approve");
    Opened first = open(approve);
    first.confirm(approve, null);

    Response again = first.confirm(approve, null);
    Opened reject = open(links.get("Reject"));
    Response rejectAfter = reject.confirm(links.get("Reject"), null);

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(outcome(again)).isEqualTo("ALREADY_DECIDED");
    assertThat(again.asString()).contains("Approve");
    assertThat(reject.response().statusCode()).isEqualTo(409);
    assertThat(reject.csrf()).isNull();
    assertThat(outcome(rejectAfter)).isEqualTo("CSRF_REFUSED");
    assertThat(tokens.calls(task.token())).hasSize(1);
    assertThat(approval(task).decision()).isEqualTo("Approve");
    assertThat(audits.audit(approval(task).id()))
        .extracting(AuditEntry::outcome)
        .containsExactly("DECIDED", "ALREADY_DECIDED", "CSRF_REFUSED");
  }

  @Test
  void anExpiredLinkChangesNothingAndTheTaskFailsWithApprovalExpired() {
    Task task = dispatch("\"ExpiresInSeconds\": 2");
    String url = MailedLinks.links(MailedLinks.awaitMail(task.to())).get("Approve");
    Opened opened = open(url);
    assertThat(opened.response().statusCode()).isEqualTo(200);

    MailedLinks.waitUntil(
        () -> !tokens.calls(task.token()).isEmpty(), Duration.ofSeconds(10), "the expiry");
    Response late = opened.confirm(url, null);

    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(outcome(late)).isEqualTo("EXPIRED");
    assertThat(outcome(open(url).response())).isEqualTo("EXPIRED");
    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst().error()).isEqualTo(ApprovalEnd.EXPIRED_ERROR);
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.EXPIRED);
  }

  @Test
  void aTamperedLinkChangesNothing() {
    Task task = dispatch("");
    String url = MailedLinks.links(MailedLinks.awaitMail(task.to())).get("Reject");
    Opened opened = open(url);
    String[] parts = url.split("\\.");
    String otherChoice =
        MailedLinks.links(MailedLinks.mailsTo(task.to()).getFirst()).get("Approve");
    // The Approve link's id with the Reject link's signature, and a flipped signature character.
    String swapped =
        otherChoice.substring(0, otherChoice.lastIndexOf('.')) + "." + parts[parts.length - 1];
    char last = url.charAt(url.length() - 1);
    String flipped = url.substring(0, url.length() - 1) + (last == 'A' ? 'B' : 'A');

    for (String bad : List.of(swapped, flipped, url + "x", url.substring(0, url.length() - 5))) {
      assertThat(open(bad).response().statusCode()).as(bad).isEqualTo(400);
      Response posted = opened.confirm(bad, null);
      assertThat(posted.statusCode()).as(bad).isEqualTo(400);
      assertThat(outcome(posted)).isEqualTo("TAMPERED");
    }
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void aConfirmationWithoutTheFormsCsrfTokenChangesNothing() {
    Task task = dispatch("");
    String url = MailedLinks.links(MailedLinks.awaitMail(task.to())).get("Approve");
    Opened opened = open(url);

    Response noToken = new Opened(null, opened.cookie(), null).confirm(url, null);
    Response noCookie = new Opened(null, null, opened.csrf()).confirm(url, null);
    Response otherCookie =
        new Opened(null, "someone-elses-cookie", opened.csrf()).confirm(url, null);

    for (Response r : List.of(noToken, noCookie, otherCookie)) {
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(outcome(r)).isEqualTo("CSRF_REFUSED");
    }
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void aLinkForAStoppedExecutionChangesNothing() {
    // The server withdrew the task (StopExecution): BuiltInTaskHandler.cancelled.
    Task cancelled = dispatch("");
    String url1 = MailedLinks.links(MailedLinks.awaitMail(cancelled.to())).get("Approve");
    Opened opened1 = open(url1);
    handler.cancelled(cancelled.token());
    assertThat(outcome(open(url1).response())).isEqualTo("NOT_WAITING");
    assertThat(opened1.confirm(url1, null).statusCode()).isEqualTo(410);
    assertThat(tokens.calls(cancelled.token())).isEmpty();
    assertThat(approval(cancelled).status()).isEqualTo(ApprovalStatus.CLOSED);

    // The task service says the task is gone (TaskDoesNotExist) when the click comes.
    Task gone = dispatch("");
    String url2 = MailedLinks.links(MailedLinks.awaitMail(gone.to())).get("Approve");
    Opened opened2 = open(url2);
    tokens.gone(gone.token());
    Response late = opened2.confirm(url2, null);
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(outcome(late)).isEqualTo("NOT_WAITING");
    assertThat(approval(gone).status()).isEqualTo(ApprovalStatus.CLOSED);
    assertThat(approval(gone).decision()).isNull();

    // The read model already shows the execution aborted: the page says so before any click.
    Task aborted = dispatch("");
    String url3 = MailedLinks.links(MailedLinks.awaitMail(aborted.to())).get("Approve");
    executions.setStatus(aborted.executionArn(), ExecutionStatus.ABORTED);
    assertThat(outcome(open(url3).response())).isEqualTo("NOT_WAITING");
  }

  @Test
  void aRepeatedDispatchMailsOnce() {
    Task task = dispatch("");
    MailedLinks.awaitMail(task.to());
    String input = "{\"To\": [\"" + task.to() + "\"]}";

    handler.dispatched(
        new DispatchedTask(
            task.token(),
            ApprovalTaskHandler.RESOURCE,
            "Approve order",
            task.executionArn(),
            null,
            input,
            null,
            null));
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }

    assertThat(MailedLinks.mailsTo(task.to())).hasSize(1);
  }

  @Test
  void invalidParametersFailTheTask() {
    String token = "/0#invalid-" + UUID.randomUUID();

    handler.dispatched(
        new DispatchedTask(
            token,
            ApprovalTaskHandler.RESOURCE,
            "S",
            "arn:exec",
            null,
            "{\"Subject\": \"x\"}",
            null,
            null));

    assertThat(tokens.calls(token))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.error()).isEqualTo("Approval.InvalidParameters");
              assertThat(c.cause()).contains("To or Groups");
            });
    assertThat(store.approvalForToken(token)).isEmpty();
  }

  @Test
  void anSmtpOutageIsRetriedAndVisibleThenTheMailGoesOutOnce() {
    TestMailServer.stopSmtp();
    Task task;
    try {
      task = dispatch("");
      ApprovalRecord approval = store.approvalForToken(task.token()).orElseThrow();
      MailedLinks.waitUntil(
          () -> outbox.mails(approval.id()).getFirst().attempts() >= 2,
          Duration.ofSeconds(20),
          "two failed attempts");
      OutboxMail failing = outbox.mails(approval.id()).getFirst();
      assertThat(failing.status()).isEqualTo(MailStatus.RETRYING);
      assertThat(failing.lastError()).isNotBlank();
      assertThat(given().get("/approvals/inbox").asString())
          .contains("RETRYING")
          .contains(task.to());
    } finally {
      TestMailServer.restart();
    }

    MimeMessage mail = MailedLinks.awaitMail(task.to());
    assertThat(MailedLinks.links(mail)).hasSize(2);
    ApprovalRecord approval = approval(task);
    MailedLinks.waitUntil(
        () -> outbox.mails(approval.id()).getFirst().status() == MailStatus.SENT,
        Duration.ofSeconds(5),
        "the SENT status");
    try {
      Thread.sleep(2500);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(MailedLinks.mailsTo(task.to())).hasSize(1);
  }

  @Test
  void theInboxShowsPendingAndDecidedApprovals() {
    Task pending = dispatch("");
    Task decided = dispatch("\"AllowComment\": true");
    String url = MailedLinks.links(MailedLinks.awaitMail(decided.to())).get("Approve");
    open(url).confirm(url, "fine by me");

    String inbox = given().get("/approvals/inbox").asString();

    assertThat(inbox)
        .contains(pending.executionArn())
        .contains(decided.to())
        .contains("fine by me");
    String one =
        given().queryParam("execution", decided.executionArn()).get("/approvals/inbox").asString();
    assertThat(one).contains(decided.executionArn()).doesNotContain(pending.executionArn());
    // Mails really go out here, so there is no dev outbox.
    assertThat(given().get("/approvals/outbox").statusCode()).isEqualTo(404);
  }
}
