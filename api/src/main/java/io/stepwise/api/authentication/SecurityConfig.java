package io.stepwise.api.authentication;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code stepwise.security.*} settings (docs/SSO.md lists them). */
@ConfigMapping(prefix = "stepwise.security")
public interface SecurityConfig {
  /** Whether anything is enforced; false only for tests and trusted single-user set-ups. */
  @WithDefault("true")
  boolean enabled();

  /** Allows a non-loopback bind address without an identity provider (loudly logged). */
  @WithDefault("false")
  boolean allowInsecureBind();

  /** The local admin's user name (local mode only). */
  @WithDefault("admin")
  String adminUser();

  /** How long a local browser session lasts. */
  @WithDefault("480")
  int sessionMinutes();

  /** The token claim holding the user's groups, read as team names (a leading "/" is dropped). */
  @WithDefault("groups")
  String teamsClaim();

  /** The tag that names a new resource's team when its creator is in several. */
  @WithDefault("stepwise:team")
  String teamTag();

  /**
   * Base64 of a 32-byte key that seals access-key secrets and signs sessions and CSRF tokens; the
   * same on every server of one database. Without it (or a key file) the key is generated into the
   * data folder at first start.
   */
  Optional<String> serverKey();

  /**
   * A file holding the server key (base64 of 32 bytes), such as a mounted Docker or Kubernetes
   * secret; used when {@code server-key} is not set.
   */
  Optional<String> serverKeyFile();

  /**
   * The bearer token Prometheus sends to read {@code /q/metrics} (its {@code
   * authorization.credentials_file}); without it only a signed-in admin may read the metrics.
   */
  Optional<String> metricsToken();

  /** Failed sign-ins (per user name and per address) allowed before attempts must wait. */
  @WithDefault("5")
  int signInFreeAttempts();

  /**
   * The wait after the first failed sign-in past the free ones; each further failure doubles it.
   */
  @WithDefault("1s")
  Duration signInFirstDelay();

  /** The longest wait between sign-in attempts after failures. */
  @WithDefault("15m")
  Duration signInMaxDelay();

  /** The local admin's password (STEPWISE_ADMIN_PASSWORD); generated at first start without it. */
  Optional<String> adminPassword();

  /** The local admin's access key id (STEPWISE_ADMIN_ACCESS_KEY_ID). */
  Optional<String> adminAccessKeyId();

  /** The local admin's secret access key (STEPWISE_ADMIN_SECRET_ACCESS_KEY). */
  Optional<String> adminSecretAccessKey();

  /** Token role names (realm or client roles) that grant each Stepwise role. */
  Roles roles();

  /** Which identity-provider roles mean which Stepwise role. */
  interface Roles {
    @WithDefault("viewer,stepwise-viewer")
    List<String> viewer();

    @WithDefault("operator,stepwise-operator")
    List<String> operator();

    @WithDefault("approver,stepwise-approver")
    List<String> approver();

    @WithDefault("editor,stepwise-editor")
    List<String> editor();

    @WithDefault("admin,stepwise-admin")
    List<String> admin();
  }
}
