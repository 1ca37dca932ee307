package io.stepwise.worker.poll;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A task handed out by GetActivityTask: its token, the resource it was polled for, and its input as
 * the JSON text the server sent.
 */
record ActivityTask(String token, String resource, String input) {

  /**
   * A short fingerprint of the token for logs: the token itself lets anyone complete the task, so
   * it is never logged whole.
   */
  String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
