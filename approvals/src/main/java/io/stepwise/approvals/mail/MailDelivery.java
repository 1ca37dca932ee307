package io.stepwise.approvals.mail;

import io.quarkus.runtime.StartupEvent;
import io.stepwise.approvals.ApprovalsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.jboss.logging.Logger;

/**
 * Whether approval mails go to an SMTP server or, for local use without one, to the dev outbox
 * page; says which at start-up.
 */
@ApplicationScoped
public class MailDelivery {
  private static final Logger LOG = Logger.getLogger(MailDelivery.class);

  private final boolean devOutbox;

  @Inject
  public MailDelivery(ApprovalsConfig config, Config mp) {
    this.devOutbox =
        switch (config.delivery()) {
          case "smtp" -> false;
          case "outbox" -> true;
          case "auto" -> !explicitlySet(mp, "quarkus.mailer.host");
          default ->
              throw new IllegalArgumentException(
                  "stepwise.approvals.delivery must be auto, smtp or outbox, not "
                      + config.delivery());
        };
  }

  /** Whether mails are kept on /approvals/outbox instead of being sent. */
  public boolean toDevOutbox() {
    return devOutbox;
  }

  void announce(@Observes StartupEvent event) {
    if (devOutbox) {
      LOG.info(
          "Approval mails are not sent (no SMTP server: quarkus.mailer.host is not set); they are"
              + " shown on the dev outbox page /approvals/outbox");
    } else {
      LOG.info("Approval mails are sent by SMTP (quarkus.mailer.*)");
    }
  }

  /** Set by the user rather than by the mailer's built-in default (localhost). */
  private static boolean explicitlySet(Config config, String name) {
    ConfigValue value = config.getConfigValue(name);
    // Built-in defaults live in sources with the lowest ordinals; anything a person sets
    // (application.properties, environment, system properties, .env) ranks above zero.
    return value.getValue() != null && !value.getValue().isBlank() && value.getSourceOrdinal() > 0;
  }
}
