package io.stepwise.api.security;

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
 * stepwise.security.server-key} (base64, 32 bytes) or generated once into {@code
 * DATA/security/server.key} with owner-only permissions.
 */
@ApplicationScoped
public class ServerKey {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  public ServerKey(SecurityConfig config, @ConfigProperty(name = "stepwise.data") String data) {
    this.key =
        config
            .serverKey()
            .map(k -> Base64.getDecoder().decode(k.trim()))
            .orElseGet(() -> loadOrCreate(SecurityFiles.folder(data).resolve("server.key")));
    if (key.length != 32) throw new IllegalStateException("The server key must be 32 bytes");
  }

  private static byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) return Base64.getDecoder().decode(Files.readString(file).trim());
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      SecurityFiles.writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh) + "\n");
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the server key " + file, e);
    }
  }

  /** Encrypts {@code secret}, bound to {@code context} (the access key id). */
  byte[] seal(String secret, String context) {
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
  String open(byte[] sealed, String context) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, sealed, 0, 12));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("An access key secret does not open with this server key");
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

  static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static SecureRandom random() {
    return RANDOM;
  }
}
