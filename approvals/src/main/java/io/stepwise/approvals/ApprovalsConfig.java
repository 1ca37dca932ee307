package io.stepwise.approvals;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The approvals settings, {@code stepwise.approvals.*} (environment: STEPWISE_APPROVALS_*). */
@ConfigMapping(prefix = "stepwise.approvals")
public interface ApprovalsConfig {
  /**
   * The HMAC secret that signs links. Without it, a secret is generated once and kept in the
   * database (fine for one local server; set it for anything shared).
   */
  Optional<String> secret();

  /** Earlier secrets still accepted, so a rotation does not break links already mailed. */
  Optional<List<String>> previousSecrets();

  /**
   * The address people reach this server at, for links in mails (e.g. https://flows.example.com).
   * Without it, http://localhost with the HTTP port.
   */
  Optional<String> baseUrl();

  /** How long links stay good when neither ExpiresInSeconds nor TimeoutSeconds is given. */
  @WithDefault("P7D")
  Duration defaultExpiry();

  /**
   * {@code smtp} sends with Quarkus Mailer; {@code outbox} keeps mails on /approvals/outbox; {@code
   * auto} sends when quarkus.mailer.host is set and keeps them otherwise.
   */
  @WithDefault("auto")
  String delivery();

  /** Sender when quarkus.mailer.from is not set. */
  @WithDefault("stepwise@localhost")
  String from();

  /** First retry delay after a failed send; it doubles per attempt up to {@link #retryMax}. */
  @WithDefault("PT10S")
  Duration retryInitial();

  @WithDefault("PT15M")
  Duration retryMax();

  /** How often due mails are looked for (besides right after a dispatch). */
  @WithDefault("5s")
  String outboxEvery();

  /** How often approvals whose links ran out are ended. */
  @WithDefault("15s")
  String expiryEvery();

  /** Where an approval's page links to its execution; {arn} is the URL-encoded execution ARN. */
  @WithDefault("/executions/{arn}")
  String executionLink();

  /**
   * Where approval pages send people to sign in (RequireSignIn); {next} is the URL-encoded page to
   * come back to.
   */
  @WithDefault("/auth/login?next={next}")
  String signInLink();
}
