package io.stepwise.api.security;

import static io.stepwise.api.security.SsoApiTest.ok;
import static io.stepwise.api.security.SsoApiTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.engine.json.Json;
import io.stepwise.web.page.Paths;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Approvals with single sign-on against a real Keycloak, in headless Chromium. A plain link needs
 * no sign-in, security on or not. A RequireSignIn link mailed to april asks her to sign in; she
 * signs in on Keycloak's page, confirms, and the decision (task output and audit) names her. oscar,
 * signed in but neither in the approval's To nor in its Groups, is refused and changes nothing.
 * Then april follows the execution page's note to the inbox, decides another approval there with
 * its buttons, and the approval's page leads back to the execution, which has succeeded with her
 * decision.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SsoApprovalTest {
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<]+(/approvals/decide/[A-Za-z0-9_.-]+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Inject ApprovalStore approvals;
  @Inject AuditStore audits;
  @Inject LinkSigner signer;

  private static String definition(String parameters) {
    return """
        {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
          "Resource":"arn:aws:states:::stepwise:approval.waitForTaskToken",
          "Parameters":{%s},"ResultPath":"$.approval","End":true}}}"""
        .formatted(parameters);
  }

  /** A team-a machine (eve edits team-a) with one approval state, started by oscar. */
  private static String startExecution(String parameters) throws Exception {
    String machine = SsoApiTest.create("eve", Sfn.unique("approve"), definition(parameters));
    return ok("oscar", "StartExecution", "{\"stateMachineArn\":\"" + machine + "\"}")
        .get("executionArn")
        .asText();
  }

  @Test
  void signedInDecidersDecideByLinkAndInboxAndOthersAreRefused() throws Exception {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
    String subject = Sfn.unique("Deploy");
    String byLink =
        startExecution(
            "\"To\":[\"april@example.com\"],\"Subject\":\""
                + subject
                + "\",\"RequireSignIn\":true,\"AllowComment\":true");
    String byInbox =
        startExecution("\"Groups\":[\"team-a\"],\"Subject\":\"" + subject + " from the inbox\"");
    String link = mailedLink(byLink);
    ApprovalRecord linked = approvalOf(byLink);

    // Without RequireSignIn the link is the authority, also with security on: no sign-in needed.
    String plain = startExecution("\"To\":[\"boss@example.com\"],\"Subject\":\"" + subject + "\"");
    String plainLink = mailedLink(plain);
    HttpResponse<String> opened = anonymous("GET", plainLink, null, null);
    assertThat(opened.statusCode()).isEqualTo(200);
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(opened.body());
    assertThat(csrf.find()).isTrue();
    String cookie =
        opened.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("stepwise_approval_csrf="))
            .map(c -> c.split(";")[0])
            .findFirst()
            .orElseThrow();
    HttpResponse<String> confirmed =
        anonymous("POST", plainLink, cookie, "csrf=" + enc(csrf.group(1)));
    assertThat(confirmed.body()).contains("data-outcome=\"DECIDED\"");
    assertThat(
            Json.parse(awaitEnd(plain).get("output").asText()).at("/approval/decidedBy").asText())
        .isEqualTo("boss@example.com");

    // oscar is signed in (bearer token) but not among the deciders: refused, nothing changes.
    HttpResponse<String> oscarsView = page("oscar", "GET", link, null, null);
    assertThat(oscarsView.statusCode()).isEqualTo(403);
    assertThat(oscarsView.body())
        .contains("data-outcome=\"NOT_ALLOWED\"")
        .doesNotContain("name=\"csrf\"");
    String ref = link.substring(link.lastIndexOf('/') + 1);
    HttpResponse<String> oscarsPost =
        page(
            "oscar",
            "POST",
            link,
            "stepwise_approval_csrf=oscars-own-cookie-1234",
            "csrf=" + enc(signer.csrfToken(ref, "oscars-own-cookie-1234")));
    assertThat(oscarsPost.statusCode()).isEqualTo(403);
    assertThat(oscarsPost.body()).contains("data-outcome=\"NOT_ALLOWED\"");
    assertThat(approvalOf(byLink).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(audits.audit(linked.id()))
        .extracting(AuditEntry::outcome, AuditEntry::actor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("NOT_ALLOWED", "user:oscar"));

    // ada (admin, not in team-a's group, not in To) sees the inbox approval but may not decide it.
    ApprovalRecord inInbox = approvalOf(byInbox);
    HttpResponse<String> adasInbox = page("ada", "GET", "/approvals/inbox", null, null);
    assertThat(adasInbox.body())
        .contains(byInbox)
        .doesNotContain("action=\"/approvals/inbox/" + inInbox.id() + "\"");
    HttpResponse<String> adasPost =
        page(
            "ada",
            "POST",
            "/approvals/inbox/" + inInbox.id(),
            "stepwise_inbox_csrf=adas-own-cookie-12345678",
            "choice=Approve&csrf="
                + enc(
                    signer.csrfToken(
                        "inbox|" + inInbox.id() + "|ada", "adas-own-cookie-12345678")));
    assertThat(adasPost.statusCode()).isEqualTo(403);
    assertThat(adasPost.body()).contains("data-outcome=\"NOT_ALLOWED\"");
    assertThat(approvalOf(byInbox).status()).isEqualTo(ApprovalStatus.PENDING);

    ChromeDriver driver = Chromium.start("sso-approval-chromium");
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      String app = Sfn.endpoint().toString();

      // The link asks to sign in first.
      driver.get(app + link);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outcome")));
      assertThat(driver.findElement(By.id("outcome")).getAttribute("data-outcome"))
          .isEqualTo("SIGN_IN_REQUIRED");
      assertThat(driver.findElements(By.id("confirm"))).isEmpty();
      driver.findElement(By.id("sign-in-to-decide")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      assertThat(driver.getCurrentUrl()).startsWith(KeycloakServer.url());
      driver.findElement(By.id("username")).sendKeys("april");
      driver.findElement(By.id("password")).sendKeys("april-password");
      driver.findElement(By.id("kc-login")).click();

      // Back on the link's page, signed in: confirm with a comment.
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
      assertThat(driver.getCurrentUrl()).isEqualTo(app + link);
      assertThat(driver.findElement(By.id("viewer-name")).getText()).isEqualTo("april");
      driver.findElement(By.id("comment")).sendKeys("Ship <it>");
      driver.findElement(By.id("confirm")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outcome")));
      assertThat(driver.findElement(By.id("outcome")).getAttribute("data-outcome"))
          .isEqualTo("DECIDED");
      assertThat(driver.findElement(By.id("decided-by")).getText()).isEqualTo("april");

      JsonNode first = Json.parse(awaitEnd(byLink).get("output").asText());
      assertThat(first.at("/approval/decision").asText()).isEqualTo("Approve");
      assertThat(first.at("/approval/decidedBy").asText()).isEqualTo("april");
      assertThat(first.at("/approval/comment").asText()).isEqualTo("Ship <it>");
      assertThat(approvalOf(byLink).decidedBy()).isEqualTo("april");
      List<AuditEntry> trail = audits.audit(linked.id());
      assertThat(trail).extracting(AuditEntry::outcome).containsExactly("NOT_ALLOWED", "DECIDED");
      assertThat(trail.getLast().actor()).isEqualTo("user:april");
      assertThat(trail.getLast().linkId()).isNotNull();

      // The execution page shows the pending approval and leads to the inbox.
      driver.get(app + Paths.execution(byInbox));
      wait.until(
          ExpectedConditions.presenceOfElementLocated(By.cssSelector(".note-approval-pending")));
      assertThat(driver.findElement(By.cssSelector(".note-approval-pending")).getText())
          .contains(subject + " from the inbox");
      // The live page re-renders its notes when the stream connects: click what is there then.
      wait.ignoring(StaleElementReferenceException.class)
          .until(
              d -> {
                d.findElement(By.cssSelector(".note-approval-pending a")).click();
                return true;
              });
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("yours")));
      // The filter names the execution by its name, its ARN in the title.
      WebElement filter = driver.findElement(By.cssSelector("#execution-filter strong"));
      assertThat(filter.getText()).isEqualTo(byInbox.substring(byInbox.lastIndexOf(':') + 1));
      assertThat(filter.getAttribute("title")).isEqualTo(byInbox);
      assertThat(driver.findElement(By.id("yours")).getText())
          .contains(subject + " from the inbox");
      driver.findElement(By.cssSelector("#yours form.decide button[value='Approve']")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outcome")));
      assertThat(driver.findElement(By.id("outcome")).getAttribute("data-outcome"))
          .isEqualTo("DECIDED");
      assertThat(driver.findElement(By.id("decided-by")).getText()).isEqualTo("april");

      // The approval's page leads back to the execution, which went on with the decision.
      driver.findElement(By.id("execution-link")).click();
      wait.until(ExpectedConditions.textToBe(By.id("execution-status"), "SUCCEEDED"));
      wait.ignoring(StaleElementReferenceException.class)
          .until(
              d ->
                  d.findElement(By.cssSelector(".note-approval-ended"))
                      .getText()
                      .contains("1 approval of this execution ended"));
      assertThat(driver.findElements(By.cssSelector(".note-approval-pending"))).isEmpty();
      JsonNode second = Json.parse(awaitEnd(byInbox).get("output").asText());
      assertThat(second.at("/approval/decidedBy").asText()).isEqualTo("april");
      assertThat(audits.audit(inInbox.id()))
          .extracting(AuditEntry::outcome, AuditEntry::actor)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("NOT_ALLOWED", "user:ada"),
              org.assertj.core.groups.Tuple.tuple("DECIDED", "user:april"));
    } finally {
      driver.quit();
    }
  }

  private ApprovalRecord approvalOf(String execution) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      List<ApprovalRecord> found = approvals.approvalsOfExecution(execution);
      if (!found.isEmpty()) return found.getFirst();
      Thread.sleep(200);
    }
    throw new AssertionError("no approval for " + execution);
  }

  /** The Approve link of the approval's mail, read by the admin from the dev outbox. */
  private String mailedLink(String execution) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      String outbox = page("ada", "GET", "/approvals/outbox", null, null).body();
      int at = outbox.indexOf(execution);
      if (at >= 0) {
        Matcher m = LINK.matcher(outbox.substring(at));
        while (m.find()) {
          String path = m.group(1);
          if (page("april", "GET", path, null, null).body().contains("Confirm: Approve")) {
            return path;
          }
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no approval mail for " + execution + " on /approvals/outbox");
  }

  private static JsonNode awaitEnd(String execution) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode d;
    do {
      d = ok("ada", "DescribeExecution", "{\"executionArn\":\"" + execution + "\"}");
      if (!d.get("status").asText().equals("RUNNING")) return d;
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(execution + " still running: " + d);
  }

  /** A page request with a bearer token, optionally a cookie and a form. */
  private static HttpResponse<String> page(
      String user, String method, String path, String cookie, String form) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(Sfn.endpoint() + path))
            .header("Authorization", "Bearer " + token(user))
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) b.header("Cookie", cookie);
    if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> anonymous(
      String method, String path, String cookie, String form) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(Sfn.endpoint() + path))
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) b.header("Cookie", cookie);
    if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
