package io.stepwise.api.authentication;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;

/**
 * Browser sessions of the local admin (no identity provider): a cookie holding the user, when it
 * was issued and when it expires, signed with the server key. Signing out refuses every cookie of
 * that user issued before it, on every node ({@link SignOuts}).
 */
@ApplicationScoped
public class LocalSessions {
  static final String COOKIE = "stepwise-session";
  private final ServerKey key;
  private final Duration lifetime;
  private final InstantSource clock = InstantSource.system();
  private final SignOuts signOuts;

  public LocalSessions(ServerKey key, SecurityConfig config, SignOuts signOuts) {
    this.key = key;
    this.signOuts = signOuts;
    this.lifetime = Duration.ofMinutes(config.sessionMinutes());
  }

  Duration lifetime() {
    return lifetime;
  }

  /** A new session cookie value for {@code user}. */
  String issue(String user) {
    long now = clock.millis();
    String body = user + "|" + now + "|" + (now + lifetime.toMillis());
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(body.getBytes(StandardCharsets.UTF_8));
    return encoded + "." + sign(encoded);
  }

  /** The user of a valid, unexpired cookie. */
  Optional<String> user(String cookie) {
    int dot = cookie.lastIndexOf('.');
    if (dot <= 0) return Optional.empty();
    String encoded = cookie.substring(0, dot);
    if (!MessageDigest.isEqual(
        sign(encoded).getBytes(StandardCharsets.US_ASCII),
        cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|");
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (parts.length != 3) return Optional.empty();
    long issued = Long.parseLong(parts[1]);
    long expires = Long.parseLong(parts[2]);
    if (clock.millis() >= expires) return Optional.empty();
    if (issued <= signOuts.lastOf(parts[0])) return Optional.empty();
    return Optional.of(parts[0]);
  }

  /** Ends every session of {@code user} on every node; blocks on the database. */
  void signOut(String user) {
    signOuts.record(user, clock.instant());
  }

  private String sign(String encoded) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.mac("session", encoded));
  }
}
