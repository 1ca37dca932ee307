package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.MailStatus;
import io.stepwise.approvals.store.OutboxStore;
import io.stepwise.engine.service.DispatchedTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Without SMTP, mails are kept on /approvals/outbox with working links and nothing is sent. */
@QuarkusTest
@TestProfile(DevOutboxTest.NoSmtp.class)
@QuarkusTestResource(TestPostgres.class)
@QuarkusTestResource(TestMailServer.class)
class DevOutboxTest {
  /** Mails to the dev outbox, as without quarkus.mailer.host. */
  public static class NoSmtp implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("stepwise.approvals.delivery", "outbox");
    }
  }

  @Inject ApprovalTaskHandler handler;
  @Inject ApprovalStore store;
  @Inject OutboxStore outbox;

  @Test
  void mailsAreShownOnTheDevOutboxWithWorkingLinksAndNotSent() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String to = "local-" + id + "@example.com";
    String token = "/0#local-" + id;
    handler.dispatched(
        new DispatchedTask(
            token,
            ApprovalTaskHandler.RESOURCE,
            "Approve",
            "arn:aws:states:us-east-1:123456789012:execution:local:" + id,
            null,
            "{\"To\": \"" + to + "\", \"Subject\": \"<i>Local</i> " + id + "\"}",
            null,
            null));
    var approval = store.approvalForToken(token).orElseThrow();
    MailedLinks.waitUntil(
        () -> outbox.mails(approval.id()).getFirst().status() == MailStatus.DEV_OUTBOX,
        Duration.ofSeconds(10),
        "the dev outbox");

    String page = given().get("/approvals/outbox").then().statusCode(200).extract().asString();

    assertThat(page).contains(to).contains("&lt;i&gt;Local&lt;/i&gt; " + id);
    assertThat(page).doesNotContain("<i>Local</i>");
    Matcher link = Pattern.compile("(http://\\S+/approvals/decide/[A-Za-z0-9_.-]+)").matcher(page);
    assertThat(link.find()).isTrue();
    assertThat(given().get(link.group(1)).then().extract().asString()).contains("Confirm: Approve");
    assertThat(MailedLinks.mailsTo(to)).isEmpty();
  }
}
