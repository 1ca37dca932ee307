package io.stepwise.approvals.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;
import io.stepwise.approvals.ApprovalsConfig;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.MailStatus;
import io.stepwise.approvals.store.OutboxMail;
import io.stepwise.approvals.store.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the approval mails the outbox table holds: on a schedule and when woken after a dispatch. A
 * failed send is retried with a doubling back-off; its status and error stay visible. Each mail is
 * claimed under a lease, so several nodes never send the same one at once, and a mail row exists
 * once per approval and recipient, so a repeated dispatch never mails twice.
 */
@ApplicationScoped
public class MailOutbox {
  private static final Logger LOG = Logger.getLogger(MailOutbox.class);
  // Long enough for a slow SMTP server; a node that dies mid-send frees the mail after it.
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final int BATCH = 20;

  private final ApprovalStore store;
  private final OutboxStore outbox;
  private final ApprovalMail renderer;
  private final MailDelivery delivery;
  private final Mailer mailer;
  private final InstantSource clock;
  private final Backoff backoff;
  private final Optional<String> mailerFrom;
  private final String fallbackFrom;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  @Inject
  public MailOutbox(
      ApprovalStore store,
      OutboxStore outbox,
      ApprovalMail renderer,
      MailDelivery delivery,
      Mailer mailer,
      InstantSource clock,
      ApprovalsConfig config,
      @ConfigProperty(name = "quarkus.mailer.from") Optional<String> mailerFrom) {
    this.store = store;
    this.outbox = outbox;
    this.renderer = renderer;
    this.delivery = delivery;
    this.mailer = mailer;
    this.clock = clock;
    this.backoff = new Backoff(config.retryInitial(), config.retryMax());
    this.mailerFrom = mailerFrom;
    this.fallbackFrom = config.from();
  }

  /** Sends what is due soon rather than at the next tick (called after a dispatch). */
  public void wake() {
    Thread.ofVirtual().name("approval-mail").start(this::deliverDue);
  }

  @Scheduled(
      every = "${stepwise.approvals.outbox-every:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    deliverDue();
  }

  /** Sends every due mail; a call while another runs makes that one go round again instead. */
  public void deliverDue() {
    if (!busy.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    try {
      do {
        again.set(false);
        List<OutboxMail> due;
        do {
          due = outbox.claimDue(clock.instant(), LEASE, BATCH);
          due.forEach(this::deliver);
        } while (due.size() == BATCH);
      } while (again.get());
    } catch (RuntimeException e) {
      LOG.warnf(e, "Approval mails could not be read from the outbox; trying again later");
    } finally {
      busy.set(false);
    }
  }

  private void deliver(OutboxMail mail) {
    Optional<ApprovalRecord> approval = store.approval(mail.approvalId());
    if (approval.isEmpty() || approval.get().status() != ApprovalStatus.PENDING) {
      outbox.mailCancelled(mail.id());
      return;
    }
    ApprovalMail.Rendered rendered;
    try {
      rendered =
          renderer.render(
              approval.get(),
              mail.recipient(),
              store.links(mail.approvalId(), mail.recipient()),
              mail.note(),
              mail.reminder());
    } catch (RuntimeException e) {
      failed(mail, e);
      return;
    }
    Instant now = clock.instant();
    if (delivery.toDevOutbox()) {
      outbox.mailDelivered(
          mail.id(),
          MailStatus.DEV_OUTBOX,
          now,
          rendered.subject(),
          rendered.text(),
          rendered.html());
      LOG.infof(
          "Approval mail to %s kept on the dev outbox (/approvals/outbox): %s",
          mail.recipient(), rendered.subject());
      return;
    }
    try {
      Mail message =
          Mail.withText(mail.recipient(), rendered.subject(), rendered.text())
              .setHtml(rendered.html());
      if (mailerFrom.isEmpty()) message.setFrom(fallbackFrom);
      mailer.send(message);
    } catch (RuntimeException e) {
      failed(mail, e);
      return;
    }
    // The links are credentials: what went by SMTP is not kept.
    outbox.mailDelivered(mail.id(), MailStatus.SENT, now, rendered.subject(), null, null);
  }

  private void failed(OutboxMail mail, RuntimeException e) {
    Duration delay = backoff.after(mail.attempts());
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LOG.warnf(
        "Approval mail to %s failed (attempt %d: %s); next attempt in %ds",
        mail.recipient(), mail.attempts(), error, delay.toSeconds());
    outbox.mailFailed(mail.id(), error, clock.instant().plus(delay));
  }
}
