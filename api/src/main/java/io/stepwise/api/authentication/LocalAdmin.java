package io.stepwise.api.authentication;

import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Role;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The local mode (no identity provider): refuses a non-loopback bind address unless explicitly
 * allowed, sets up the single local admin (password from {@code STEPWISE_ADMIN_PASSWORD} or
 * generated and printed once, kept as a PBKDF2 hash) and the admin's access key ({@code
 * STEPWISE_ADMIN_ACCESS_KEY_ID}/{@code _SECRET_ACCESS_KEY} or generated into an AWS credentials
 * file), and prints how to sign in. With SSO configured it only prints where to sign in.
 */
@ApplicationScoped
public class LocalAdmin {
  private static final Logger LOG = Logger.getLogger(LocalAdmin.class);
  private final SecurityConfig config;
  private final Path folder;
  private volatile String passwordHash;

  @ConfigProperty(name = "quarkus.http.host", defaultValue = "localhost")
  String host;

  @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
  int port;

  public LocalAdmin(SecurityConfig config, @ConfigProperty(name = "stepwise.data") String data) {
    this.config = config;
    this.folder = SecurityFiles.folder(data);
  }

  void onStart(@Observes @Priority(10) StartupEvent event, AccessKeys keys, ResourceTeams teams) {
    if (!config.enabled()) {
      LOG.warn("Security is OFF (stepwise.security.enabled=false): every caller may do everything");
      return;
    }
    teams.reloadNow();
    boolean sso = Callers.sso();
    refuseInsecureBind(host, sso, config.allowInsecureBind());
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    String base = "http://" + shown + ":" + port;
    if (sso) {
      System.out.println(
          "Sign in: "
              + base
              + "/auth/login (single sign-on); access keys at "
              + base
              + "/security/keys");
      return;
    }
    String password = setUpPassword();
    Path credentials = setUpAccessKey(keys);
    System.out.println(
        "Sign in: "
            + base
            + "/auth/login as "
            + config.adminUser()
            + (password == null ? "" : " with password " + password));
    if (password == null) {
      System.out.println(
          "  (password from STEPWISE_ADMIN_PASSWORD or as printed at first start; delete "
              + folder.resolve("admin-password.hash")
              + " to get a new one)");
    }
    System.out.println(
        "AWS clients: AWS_SHARED_CREDENTIALS_FILE="
            + credentials
            + " aws --endpoint-url "
            + base
            + " --region us-east-1 stepfunctions list-state-machines");
  }

  /**
   * Refuses to start in local mode on a non-loopback address unless {@code allowInsecureBind}; an
   * allowed insecure bind is logged as an error.
   */
  static void refuseInsecureBind(String host, boolean sso, boolean allowInsecureBind) {
    if (sso || loopback(host)) return;
    if (!allowInsecureBind) {
      throw new IllegalStateException(
          "Refusing to listen on "
              + host
              + " without an identity provider: configure OpenID Connect (docs/SSO.md), bind to"
              + " localhost, or opt out with --insecure-bind / STEPWISE_ALLOW_INSECURE_BIND=true");
    }
    LOG.error(
        "INSECURE: listening on "
            + host
            + " with only the local admin account and no identity provider"
            + " (STEPWISE_ALLOW_INSECURE_BIND=true). Anyone who can reach this address may try"
            + " the admin password.");
  }

  /** Returns the generated password at first start, else null. */
  private String setUpPassword() {
    Path file = folder.resolve("admin-password.hash");
    try {
      if (config.adminPassword().isPresent() && !config.adminPassword().get().isBlank()) {
        passwordHash = hash(config.adminPassword().get(), ServerKey.randomToken(16));
        return null;
      }
      if (Files.exists(file)) {
        passwordHash = Files.readString(file).trim();
        return null;
      }
      String password = ServerKey.randomToken(15);
      passwordHash = hash(password, ServerKey.randomToken(16));
      SecurityFiles.writeOwnerOnly(file, passwordHash + "\n");
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the admin password in " + file, e);
    }
  }

  private Path setUpAccessKey(AccessKeys keys) {
    Path file = folder.resolve("credentials");
    try {
      String id;
      String secret;
      if (config.adminAccessKeyId().isPresent() && config.adminSecretAccessKey().isPresent()) {
        id = config.adminAccessKeyId().get().trim();
        secret = config.adminSecretAccessKey().get().trim();
      } else if (Files.exists(file)) {
        id = value(file, "aws_access_key_id");
        secret = value(file, "aws_secret_access_key");
      } else {
        id = AccessKeys.newId();
        secret = ServerKey.randomToken(30);
      }
      keys.put(
          id,
          secret,
          "user",
          config.adminUser(),
          EnumSet.of(Role.ADMIN),
          Set.of(),
          "local admin",
          "stepwise");
      SecurityFiles.writeOwnerOnly(
          file,
          "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the admin's credentials file " + file, e);
    }
  }

  private static String value(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).trim().equals(key)) return line.substring(eq + 1).trim();
    }
    throw new IOException(file + " has no " + key);
  }

  /** Whether {@code user}/{@code password} are the local admin's. */
  boolean accepts(String user, String password) {
    String stored = passwordHash;
    if (stored == null || user == null || password == null) return false;
    if (!user.equals(config.adminUser())) return false;
    String salt = stored.substring(0, stored.indexOf('$'));
    return MessageDigest.isEqual(
        stored.getBytes(StandardCharsets.US_ASCII),
        hash(password, salt).getBytes(StandardCharsets.US_ASCII));
  }

  private static String hash(String password, String salt) {
    try {
      SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      byte[] h =
          f.generateSecret(
                  new PBEKeySpec(
                      password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), 210_000, 256))
              .getEncoded();
      return salt + "$" + Base64.getEncoder().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean loopback(String host) {
    if (host.equals("localhost")) return true;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
