package io.stepwise.approvals.mail;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.stepwise.approvals.ApprovalsConfig;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.LinkRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** Renders an approval mail for one recipient, plain text and HTML, with signed links. */
@ApplicationScoped
public class ApprovalMail {
  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Template text;
  private final Template html;
  private final LinkSigner signer;
  private final ApprovalsConfig config;

  @Inject
  public ApprovalMail(
      @Location("approvals/mail.txt") Template text,
      @Location("approvals/mail.html") Template html,
      LinkSigner signer,
      ApprovalsConfig config) {
    this.text = text;
    this.html = html;
    this.signer = signer;
    this.config = config;
  }

  /** A rendered mail. */
  public record Rendered(String subject, String text, String html) {}

  /**
   * A recipient's mail of an approval.
   *
   * @param note why a later mail comes (reminder, escalation), null for the request itself
   * @param reminder whether it is a reminder (its subject says so)
   */
  public Rendered render(
      ApprovalRecord approval,
      String recipient,
      List<LinkRecord> links,
      String note,
      boolean reminder) {
    String base = baseUrl();
    List<MailView.ChoiceLink> choiceLinks =
        links.stream()
            .map(
                l ->
                    new MailView.ChoiceLink(
                        l.choice(),
                        base + "/approvals/decide/" + signer.sign(l.id(), l.expiresAt())))
            .toList();
    MailView view =
        new MailView(
            approval.subject(),
            approval.message(),
            approval.executionArn(),
            approval.stateName(),
            recipient,
            WHEN.format(approval.expiresAt()),
            approval.allowComment(),
            choiceLinks,
            note);
    String subject = reminder ? "Reminder: " + approval.subject() : approval.subject();
    return new Rendered(
        subject, text.data("mail", view).render(), html.data("mail", view).render());
  }

  /** Where links point: the configured base URL, else this server on localhost. */
  private String baseUrl() {
    String base =
        config
            .baseUrl()
            .orElseGet(
                () ->
                    "http://localhost:"
                        + ConfigProvider.getConfig()
                            .getOptionalValue("quarkus.http.port", Integer.class)
                            .orElse(8080));
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
