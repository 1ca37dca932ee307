package io.stepwise.api.notification;

import io.stepwise.api.security.LocalProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Security on (local mode), quick retries, and one local receiver's address allowed as an outbound
 * host: a free port chosen once, which {@link Receiver} listens on.
 */
public class NotificationProfile extends LocalProfile {
  static final int RECEIVER_PORT = freePort();

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("stepwise.outbound.allowed-hosts", "http://127.0.0.1:" + RECEIVER_PORT);
    config.put("stepwise.notifications.poll-interval", "100ms");
    config.put("stepwise.notifications.first-retry", "200ms");
    config.put("stepwise.notifications.max-retry", "1s");
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
