package io.stepwise.api.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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

  /** Sends the event; throws when the SMTP server refuses or cannot be reached. */
  void send(Subscription s, String eventText) {
    JsonNode event;
    try {
      event = Json.parse(eventText);
    } catch (Exception e) {
      throw new IllegalStateException("the stored event is not JSON", e);
    }
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
    Mail mail = new Mail().setSubject(subject).setText(text.toString()).setTo(s.emailTo());
    mail.setFrom(from.orElse(fallbackFrom));
    mailer.send(mail);
  }
}
