package io.stepwise.api.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * An approval through the whole server: a Task state with the approval resource mails its links (to
 * the dev outbox, as without SMTP settings), a person opens one and confirms, and the execution
 * goes on with the decision as the state's output.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ApprovalEndToEndTest {
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<]+(/approvals/decide/[A-Za-z0-9_.-]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Test
  void approvingFromTheMailedLinkCompletesTheExecution() throws Exception {
    SfnClient sfn = Sfn.client();
    String recipient = Sfn.unique("boss") + "@example.com";
    String machine =
        Sfn.createMachine(
            sfn,
            """
            {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
              "Resource":"arn:aws:states:::stepwise:approval.waitForTaskToken",
              "Parameters":{"To":["%s"],"Subject":"Approve order 42","Message.$":"$.note"},
              "ResultPath":"$.approval","End":true}}}"""
                .formatted(recipient));
    String execution =
        sfn.startExecution(
                b -> b.stateMachineArn(machine).input("{\"note\":\"Order 42, 3 items\"}"))
            .executionArn();

    String approve = approveLink(recipient);
    HttpResponse<String> page = get(approve);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Order 42, 3 items");
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    String cookie =
        page.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith("stepwise_approval_csrf="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    HttpResponse<String> confirmed =
        HTTP.send(
            HttpRequest.newBuilder(url(approve))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(confirmed.statusCode()).isLessThan(400);

    DescribeExecutionResponse done = awaitEnd(sfn, execution);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    var output = Json.parse(done.output());
    assertThat(output.at("/approval/decision").asText()).isEqualTo("Approve");
    assertThat(output.at("/note").asText()).isEqualTo("Order 42, 3 items");

    assertThat(get(approve).body())
        .as("a decided approval offers no second confirm")
        .doesNotContain("name=\"csrf\"");
  }

  /** The Approve link of the mail to {@code recipient}, from the dev outbox page. */
  private static String approveLink(String recipient) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      String outbox = get("/approvals/outbox").body();
      int at = outbox.indexOf(recipient);
      if (at >= 0) {
        Matcher m = LINK.matcher(outbox.substring(at));
        while (m.find()) {
          String path = m.group(1);
          if (get(path).body().contains("Confirm: Approve")) return path;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no approval mail for " + recipient + " on /approvals/outbox");
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static URI url(String path) {
    return Sfn.endpoint().resolve(path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String execution)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    DescribeExecutionResponse r;
    do {
      r = sfn.describeExecution(b -> b.executionArn(execution));
      if (r.status() != ExecutionStatus.RUNNING) return r;
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    return r;
  }
}
