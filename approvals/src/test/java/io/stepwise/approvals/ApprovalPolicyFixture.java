package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.stepwise.approvals.decision.ApprovalTimers;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.VoteStore;
import io.stepwise.server.clock.ServerClock;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the approval policy tests (issue 22) share: an approval dispatched to several people through
 * the real task handler, its mailed links (GreenMail), votes posted through the confirm pages with
 * their CSRF token, and the stores and the server's clock to check and move.
 */
@QuarkusTestResource(TestPostgres.class)
@QuarkusTestResource(TestMailServer.class)
abstract class ApprovalPolicyFixture {
  static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

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

  Task dispatch(int recipients, String parameters) {
    return dispatch(recipients, parameters, false);
  }

  /** Dispatches; with {@code firstStarted}, the first addressee started the execution. */
  Task dispatch(int recipients, String parameters, boolean firstStarted) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    List<String> to = new ArrayList<>();
    for (int i = 1; i <= recipients; i++) to.add("voter" + i + "-" + id + "@example.com");
    String execution = "arn:aws:states:us-east-1:123456789012:execution:orders:" + id;
    if (firstStarted) starts.started(execution, "starter-" + id, to.getFirst());
    String token = "/0#" + id + "-policy";
    String toJson = String.join("\", \"", to);
    TestDispatch.approval(
        handler,
        token,
        execution,
        "{\"To\": [\"" + toJson + "\"], \"Subject\": \"Order " + id + "\", " + parameters + "}");
    return new Task(token, execution, to);
  }

  ApprovalRecord approval(Task task) {
    return store.approvalForToken(task.token()).orElseThrow();
  }

  static String link(String to, String choice) {
    return MailedLinks.links(MailedLinks.awaitMail(to)).get(choice);
  }

  /** Opens a link, then confirms it with these form values. */
  static Response vote(String url, Map<String, String> form) {
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

  static Response vote(String url) {
    return vote(url, Map.of());
  }

  static String outcome(Response response) {
    Matcher m = Pattern.compile("data-outcome=\"([A-Z_]+)\"").matcher(response.asString());
    return m.find() ? m.group(1) : "CONFIRM";
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

  static Prepared prepare(String url) {
    Response page = given().redirects().follow(false).get(url);
    Matcher m = CSRF.matcher(page.asString());
    assertThat(m.find()).isTrue();
    return new Prepared(url, page.getCookie("stepwise_approval_csrf"), m.group(1));
  }

  static String orderOf(Task task) {
    return task.executionArn().substring(task.executionArn().lastIndexOf(':') + 1);
  }
}
