package io.stepwise.api.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature both ways use: hex HMAC-SHA256 of the raw body under a shared secret (a
 * trigger's {@code X-Hub-Signature-256}, a notification's {@code X-Stepwise-Signature}, each
 * written {@code sha256=<hex>}).
 */
public final class Signatures {
  private Signatures() {}

  /** {@code sha256=<hex HMAC-SHA256 of body under secret>}. */
  public static String sha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
