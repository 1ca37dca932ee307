package io.stepwise.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.engine.json.Json;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reminders and escalation: the server's clock moves and the timers run as the scheduler would. */
@QuarkusTest
class ReminderPolicyTest extends ApprovalPolicyFixture {
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
}
