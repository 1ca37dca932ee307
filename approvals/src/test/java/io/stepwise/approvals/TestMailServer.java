package io.stepwise.approvals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) for the tests, on a free port the app is pointed at; tests stop
 * and restart it to play an outage. Also fixes the HTTP port, so mailed links point at the app.
 */
public class TestMailServer implements QuarkusTestResourceLifecycleManager {
  private static volatile GreenMail greenMail;
  private static int port;

  /** The running server (tests read received mail from it). */
  public static GreenMail greenMail() {
    return greenMail;
  }

  /** Stops the SMTP server: sends fail until {@link #restart}. */
  public static synchronized void stopSmtp() {
    greenMail.stop();
  }

  /** Starts a fresh SMTP server on the same port. */
  public static synchronized void restart() {
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  @Override
  public Map<String, String> start() {
    port = FreePorts.next();
    restart();
    int httpPort = FreePorts.next();
    return Map.of(
        "quarkus.mailer.host",
        "127.0.0.1",
        "quarkus.mailer.port",
        String.valueOf(port),
        "quarkus.http.test-port",
        String.valueOf(httpPort),
        "stepwise.approvals.base-url",
        "http://localhost:" + httpPort);
  }

  @Override
  public void stop() {
    if (greenMail != null) greenMail.stop();
  }
}
