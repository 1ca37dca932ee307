package io.stepwise.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads approval mails that reached the test SMTP server: their parts and their links. */
final class MailedLinks {
  private static final Pattern CHOICE_LINK =
      Pattern.compile("(?m)^(\\w[^:\\n]*):\\n(http://\\S+/approvals/decide/\\S+)$");

  private MailedLinks() {}

  /** Mails GreenMail received for that address so far. */
  static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(TestMailServer.greenMail().getReceivedMessages())
        .filter(m -> recipients(m).contains(address))
        .toList();
  }

  /** Waits for exactly one mail to that address and returns it. */
  static MimeMessage awaitMail(String address) {
    waitUntil(() -> !mailsTo(address).isEmpty(), Duration.ofSeconds(60), "a mail to " + address);
    List<MimeMessage> mails = mailsTo(address);
    assertThat(mails).hasSize(1);
    return mails.getFirst();
  }

  /** The plain-text part, decoded. */
  static String text(MimeMessage mail) {
    return part(mail, "text/plain");
  }

  /** The HTML part, decoded. */
  static String html(MimeMessage mail) {
    return part(mail, "text/html");
  }

  /** Choice → link, in the order the plain-text part lists them. */
  static Map<String, String> links(MimeMessage mail) {
    Map<String, String> links = new LinkedHashMap<>();
    Matcher m = CHOICE_LINK.matcher(text(mail).replace("\r\n", "\n"));
    while (m.find()) links.put(m.group(1).strip(), m.group(2));
    return links;
  }

  static void waitUntil(BooleanSupplier condition, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline))
        throw new AssertionError("timed out waiting for " + what);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<String> recipients(MimeMessage m) {
    try {
      List<String> result = new ArrayList<>();
      for (var address : m.getRecipients(Message.RecipientType.TO)) result.add(address.toString());
      return result;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String part(Part part, String type) {
    try {
      if (part.isMimeType(type)) return part.getContent().toString();
      if (part.isMimeType("multipart/*")) {
        Multipart multipart = (Multipart) part.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart child = multipart.getBodyPart(i);
          String found = part(child, type);
          if (found != null) return found;
        }
      }
      return null;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
