package io.stepwise.approvals.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks approval link references: {@code <link id>.<expiry>.<HMAC-SHA256>}, all
 * base64url, so a link names a link row (approval and choice) and its expiry, and carries no task
 * token. The first secret signs; every secret verifies, so a secret can be rotated while mailed
 * links stay good until they expire. Thread-safe.
 */
public final class LinkSigner {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  // Domain separation: a link signature can never be replayed as a CSRF token or the other way.
  private static final String LINK = "stepwise-approval-link-v1|";
  private static final String CSRF = "stepwise-approval-csrf-v1|";

  private final List<SecretKeySpec> keys;

  /** The current secret first, then previous ones still accepted. */
  public LinkSigner(List<String> secrets) {
    if (secrets.isEmpty() || secrets.getFirst().isBlank()) {
      throw new IllegalArgumentException("an approval link secret is needed");
    }
    this.keys =
        secrets.stream()
            .filter(s -> !s.isBlank())
            .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
            .toList();
  }

  /** The reference for a link that expires at that instant. */
  public String sign(UUID linkId, Instant expiresAt) {
    String body = encode(linkId) + "." + Long.toString(expiresAt.getEpochSecond(), 36);
    return body + "." + B64.encodeToString(mac(keys.getFirst(), LINK + body));
  }

  /** Checks a reference as of {@code now}: signature first, so a forged expiry never counts. */
  public LinkCheck check(String ref, Instant now) {
    if (ref == null || ref.length() > 200) return new LinkCheck.Tampered("malformed");
    String[] parts = ref.split("\\.", -1);
    if (parts.length != 3) return new LinkCheck.Tampered("malformed");
    String body = parts[0] + "." + parts[1];
    byte[] signature;
    UUID linkId;
    Instant expiresAt;
    try {
      signature = B64D.decode(parts[2]);
      linkId = decode(parts[0]);
      expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1], 36));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return new LinkCheck.Tampered("malformed");
    }
    // Only the canonical text is accepted: base64's last character has unused bits, so another
    // spelling of the same bytes would otherwise pass as the same link.
    if (!B64.encodeToString(signature).equals(parts[2]) || !encode(linkId).equals(parts[0])) {
      return new LinkCheck.Tampered("malformed");
    }
    if (!verifies(LINK + body, signature)) return new LinkCheck.Tampered("bad signature");
    if (!now.isBefore(expiresAt)) return new LinkCheck.Expired(linkId, expiresAt);
    return new LinkCheck.Valid(linkId, expiresAt);
  }

  /**
   * The CSRF token a confirm form carries: bound to the link reference and to the random value of
   * the browser's cookie, so another site can neither read nor forge it.
   */
  public String csrfToken(String ref, String cookieValue) {
    return B64.encodeToString(mac(keys.getFirst(), CSRF + ref + "|" + cookieValue));
  }

  /** Whether a submitted CSRF token belongs to that reference and cookie (any accepted secret). */
  public boolean csrfMatches(String ref, String cookieValue, String token) {
    if (ref == null || cookieValue == null || cookieValue.isBlank() || token == null) return false;
    byte[] given;
    try {
      given = B64D.decode(token);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!B64.encodeToString(given).equals(token)) return false;
    return verifies(CSRF + ref + "|" + cookieValue, given);
  }

  private boolean verifies(String data, byte[] signature) {
    boolean ok = false;
    for (SecretKeySpec key : keys) {
      // Constant-time comparison, and every key tried, so timing says nothing about the secret.
      ok |= MessageDigest.isEqual(mac(key, data), signature);
    }
    return ok;
  }

  private static byte[] mac(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String encode(UUID id) {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return B64.encodeToString(buffer.array());
  }

  private static UUID decode(String text) {
    byte[] bytes = B64D.decode(text);
    if (bytes.length != 16) throw new IllegalArgumentException("not an id");
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
