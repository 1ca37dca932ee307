package io.stepwise.api.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where the notification tests' server delivers, on {@link NotificationProfile}'s ports: a webhook
 * {@link Receiver} and a GreenMail SMTP server. Started before a test class's tests, closed after.
 */
final class NotificationTargets implements AutoCloseable {
  final Receiver receiver;
  private final GreenMail smtp;

  private NotificationTargets() {
    receiver = new Receiver(NotificationProfile.RECEIVER_PORT);
    smtp =
        new GreenMail(
            new ServerSetup(NotificationProfile.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  static NotificationTargets start() {
    return new NotificationTargets();
  }

  /** Every mail the SMTP server took, one copy per recipient. */
  List<MimeMessage> mails() {
    return Arrays.asList(smtp.getReceivedMessages());
  }

  /** The mails to one address. */
  List<MimeMessage> mailsTo(String address) {
    return mails().stream()
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getAllRecipients())
                    .anyMatch(r -> r.toString().equals(address));
              } catch (MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** Waits until {@code done}, polling; fails naming {@code what} after {@code within}. */
  static void await(String what, Duration within, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    receiver.close();
    smtp.stop();
  }
}
