package io.stepwise.api.notification;

import io.stepwise.api.security.LocalProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Security on (local mode), quick retries, one local receiver's address allowed as an outbound host
 * (a free port chosen once, which {@link Receiver} listens on) and a GreenMail SMTP server's port.
 */
public class NotificationProfile extends LocalProfile {
  static final int RECEIVER_PORT = freePort();
  static final int SMTP_PORT = freePort();

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("stepwise.outbound.allowed-hosts", "http://127.0.0.1:" + RECEIVER_PORT);
    config.put("stepwise.notifications.poll-interval", "100ms");
    config.put("stepwise.notifications.first-retry", "200ms");
    config.put("stepwise.notifications.max-retry", "1s");
    // Small digests, so a burst of a few executions shows one.
    config.put("stepwise.notifications.digest-after", "3");
    config.put("stepwise.notifications.digest-window", "4s");
    config.put("quarkus.mailer.mock", "false");
    config.put("quarkus.mailer.host", "127.0.0.1");
    config.put("quarkus.mailer.port", String.valueOf(SMTP_PORT));
    config.put("quarkus.mailer.from", "stepwise@example.com");
    return config;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
