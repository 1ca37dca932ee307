package io.stepwise.api.authentication;

import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's own secret: seals access-key secrets (AES-256-GCM, the key id as associated data)
 * and signs local session cookies (HMAC-SHA256 with a derived key). Taken from {@code
 * stepwise.security.server-key} (base64, 32 bytes), from the file {@code
 * stepwise.security.server-key-file} names (a mounted secret), or generated once into {@code
 * DATA/security/server.key} with owner-only permissions. Every server on one database needs the
 * same key ({@link ServerKeyCheck}).
 */
@ApplicationScoped
public class ServerKey {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  public ServerKey(SecurityConfig config, @ConfigProperty(name = "stepwise.data") String data) {
    this.key =
        config
            .serverKey()
            .filter(k -> !k.isBlank())
            .map(k -> decode(k, "stepwise.security.server-key (STEPWISE_SECURITY_SERVER_KEY)"))
            .or(() -> config.serverKeyFile().map(ServerKey::readKeyFile))
            .orElseGet(() -> loadOrCreate(SecurityFiles.folder(data).resolve("server.key")));
  }

  private static byte[] readKeyFile(String file) {
    String source = "the server key file " + file + " (STEPWISE_SECURITY_SERVER_KEY_FILE)";
    try {
      return decode(Files.readString(Path.of(file)), source);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read " + source + ": " + e.getMessage());
    }
  }

  /** A configured key: base64 of 32 bytes, else one line saying where it came from. */
  static byte[] decode(String base64, String source) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      decoded = new byte[0];
    }
    if (decoded.length != 32) {
      throw new ConfigurationException(
          source + " must be base64 of 32 random bytes (make one with: openssl rand -base64 32)");
    }
    return decoded;
  }

  private static byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) return decode(Files.readString(file), "The server key file " + file);
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      SecurityFiles.writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh) + "\n");
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the server key " + file, e);
    }
  }

  /**
   * A value that tells keys apart without revealing them (an HMAC under the key), recorded in the
   * database so that every server on it can check it holds the same key ({@link ServerKeyCheck}).
   */
  String checkValue() {
    return Base64.getEncoder().encodeToString(mac("server-key-check", "stepwise"));
  }

  /**
   * Encrypts {@code secret}, bound to {@code context} (an access key's id, a trigger's or
   * subscription's), so a sealed value copied to another row does not open.
   */
  public byte[] seal(String secret, String context) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts what {@link #seal} made for the same context. */
  public String open(byte[] sealed, String context) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, sealed, 0, 12));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "A sealed secret (" + context + ") does not open with this server key");
    }
  }

  /** HMAC-SHA256 of {@code data} under a key derived for {@code purpose}. */
  byte[] mac(String purpose, String data) {
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sub = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sub, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** {@code bytes} random bytes from SecureRandom, base64url without padding. */
  public static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static SecureRandom random() {
    return RANDOM;
  }
}
