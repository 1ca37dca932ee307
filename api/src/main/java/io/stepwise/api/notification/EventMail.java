package io.stepwise.api.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An e-mail target's delivery: one plain-text mail per event to the subscription's addresses,
 * through the same Quarkus mailer (and SMTP settings, {@code quarkus.mailer.*}) as approval mails.
 * The text names the execution, its status, error and cause, and carries the event itself; it is
 * text only, so nothing in it is markup.
 */
@ApplicationScoped
public class EventMail {
  private final Mailer mailer;
  private final Optional<String> from;
  private final String fallbackFrom;

  public EventMail(
      Mailer mailer, @ConfigProperty(name = "quarkus.mailer.from") Optional<String> from) {
    this.mailer = mailer;
    this.from = from;
    // The sender approval mails use when quarkus.mailer.from is not set (approvals' setting).
    this.fallbackFrom =
        ConfigProvider.getConfig()
            .getOptionalValue("stepwise.approvals.from", String.class)
            .orElse("stepwise@localhost");
  }

  /** Tells a subscription's owner that it has failed for a day; throws when SMTP fails. */
  void sendFailing(Subscription s, String lastError) {
    String text =
        "Deliveries of the subscription "
            + s.name()
            + " ("
            + s.id()
            + ") have failed since "
            + s.failingSince()
            + " without a success.\n\nTarget: "
            + (s.target() == Subscription.Target.WEBHOOK
                ? s.webhookUrl()
                : String.join(", ", s.emailTo()))
            + "\nLast error: "
            + (lastError == null ? "none recorded" : lastError)
            + "\n\nIts delivery log is on the page /subscriptions/"
            + s.id()
            + "; failed deliveries can be sent again from there.\n";
    send(
        new Mail()
            .setSubject("[Stepwise] Subscription " + s.name() + " has failed for a day")
            .setText(text)
            .setTo(List.of(s.ownerEmail())));
  }

  private void send(Mail mail) {
    mail.setFrom(from.orElse(fallbackFrom));
    mailer.send(mail);
  }

  /**
   * Sends many events as one mail (a burst over the subscription's digest limit): a line per event,
   * then the events; throws when SMTP fails.
   */
  void sendDigest(Subscription s, List<String> events) {
    StringBuilder text = new StringBuilder();
    text.append(events.size())
        .append(" status changes matched the subscription ")
        .append(s.name())
        .append(" (")
        .append(s.id())
        .append(") faster than it mails them one by one:\n\n");
    for (String e : events) {
      JsonNode d = parse(e).path("detail");
      text.append(d.path("status").asText()).append("  ").append(d.path("executionArn").asText());
      if (d.hasNonNull("error")) text.append("  ").append(d.path("error").asText());
      text.append('\n');
    }
    text.append("\nThe events:\n");
    for (String e : events) text.append(e).append('\n');
    send(
        new Mail()
            .setSubject("[Stepwise] " + events.size() + " status changes (" + s.name() + ")")
            .setText(text.toString())
            .setTo(s.emailTo()));
  }

  private static JsonNode parse(String eventText) {
    try {
      return Json.parse(eventText);
    } catch (Exception e) {
      throw new IllegalStateException("the stored event is not JSON", e);
    }
  }

  /** Sends the event; throws when the SMTP server refuses or cannot be reached. */
  void send(Subscription s, String eventText) {
    JsonNode event = parse(eventText);
    JsonNode d = event.path("detail");
    String subject =
        "[Stepwise] "
            + d.path("name").asText()
            + " "
            + d.path("status").asText()
            + " ("
            + s.name()
            + ")";
    StringBuilder text = new StringBuilder();
    text.append("Execution ").append(d.path("executionArn").asText()).append('\n');
    text.append("State machine ").append(d.path("stateMachineArn").asText()).append('\n');
    text.append("Status ").append(d.path("status").asText()).append('\n');
    if (d.path("startDate").isNumber()) {
      text.append("Started ")
          .append(Instant.ofEpochMilli(d.path("startDate").asLong()))
          .append('\n');
    }
    if (d.path("stopDate").isNumber()) {
      text.append("Stopped ")
          .append(Instant.ofEpochMilli(d.path("stopDate").asLong()))
          .append('\n');
    }
    if (d.hasNonNull("error")) text.append("Error ").append(d.path("error").asText()).append('\n');
    if (d.hasNonNull("cause")) text.append("Cause ").append(d.path("cause").asText()).append('\n');
    text.append("\nSubscription ").append(s.name()).append(" (").append(s.id()).append(")\n");
    text.append("\nThe event:\n").append(eventText).append('\n');
    send(new Mail().setSubject(subject).setText(text.toString()).setTo(s.emailTo()));
  }
}
