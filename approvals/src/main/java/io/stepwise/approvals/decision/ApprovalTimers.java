package io.stepwise.approvals.decision;

import io.quarkus.scheduler.Scheduled;
import io.stepwise.approvals.mail.MailOutbox;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.LinkRecord;
import io.stepwise.approvals.store.LockedApproval;
import io.stepwise.approvals.store.VoteRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The approvals' timers: {@code Reminders} mail the deciders who have not decided again (the same
 * links), and {@code Escalation} steps add deciders with new links. Each runs under the approval's
 * row lock, like every decision, and re-checks there, so a timer never races a vote into two
 * outcomes and two nodes never send one reminder twice.
 */
@ApplicationScoped
public class ApprovalTimers {
  private static final Logger LOG = Logger.getLogger(ApprovalTimers.class);

  private final ApprovalStore store;
  private final MailOutbox outbox;
  private final InstantSource clock;

  @Inject
  public ApprovalTimers(ApprovalStore store, MailOutbox outbox, InstantSource clock) {
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Scheduled(
      every = "${stepwise.approvals.expiry-every:15s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    try {
      runDue();
    } catch (RuntimeException e) {
      LOG.warnf(e, "Approval reminders and escalations could not run; trying again later");
    }
  }

  /** Sends the reminders and takes the escalation steps that are due now. */
  public void runDue() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    boolean queued = false;
    for (UUID id : store.pendingWithTimers(200)) {
      queued |= store.withLockedApproval(id, locked -> due(locked, now)).orElse(false);
    }
    if (queued) outbox.wake();
  }

  /** When the next reminder or escalation of a pending approval happens, or null. */
  public static Instant next(ApprovalRecord a) {
    if (a.status() != ApprovalStatus.PENDING) return null;
    Instant reminder = nextReminder(a);
    Instant escalation = nextEscalation(a);
    if (reminder == null) return escalation;
    if (escalation == null) return reminder;
    return reminder.isBefore(escalation) ? reminder : escalation;
  }

  private boolean due(LockedApproval locked, Instant now) {
    ApprovalRecord a = locked.approval();
    if (a.status() != ApprovalStatus.PENDING || !now.isBefore(a.expiresAt())) return false;
    boolean queued = false;
    Instant escalation = nextEscalation(a);
    if (escalation != null && !now.isBefore(escalation)) {
      queued |= escalate(locked, a, now);
    }
    Instant reminder = nextReminder(a);
    if (reminder != null && !now.isBefore(reminder)) {
      queued |= remind(locked, a, now);
    }
    return queued;
  }

  private boolean remind(LockedApproval locked, ApprovalRecord a, Instant now) {
    ApprovalPolicy.Reminders r = a.policy().reminders();
    int n = a.remindersSent() + 1;
    Set<String> voted = locked.votes().stream().map(VoteRecord::voter).collect(Collectors.toSet());
    List<String> waiting =
        a.recipients().stream()
            .filter(to -> !voted.contains(to.strip().toLowerCase(Locale.ROOT)))
            .toList();
    String note = "Reminder " + n + " of " + r.max() + ": this approval still waits for you.";
    locked.remind(waiting, n, note, now);
    locked.audit(
        new AuditEntry(
            a.id(), null, now, "system", null, null, "REMINDED", note + " To: " + waiting));
    return !waiting.isEmpty();
  }

  private boolean escalate(LockedApproval locked, ApprovalRecord a, Instant now) {
    int step = a.escalationsDone() + 1;
    ApprovalPolicy.Escalation e = a.policy().escalation().get(step - 1);
    Set<String> known =
        a.recipients().stream()
            .map(to -> to.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    List<String> added =
        e.to().stream().filter(to -> !known.contains(to.strip().toLowerCase(Locale.ROOT))).toList();
    List<LinkRecord> links = new ArrayList<>();
    for (String to : added) {
      for (String choice : a.choices()) {
        links.add(new LinkRecord(UUID.randomUUID(), a.id(), to, choice, a.expiresAt(), null));
      }
    }
    List<String> whom = new ArrayList<>(added);
    e.groups().forEach(g -> whom.add("group " + g));
    String note =
        "Escalated: nobody decided within "
            + human(Duration.ofSeconds(e.afterSeconds()))
            + ", so "
            + String.join(", ", whom)
            + (whom.size() == 1 ? " was" : " were")
            + " added as deciders.";
    locked.escalated(step, added, e.groups(), links, note, now);
    locked.audit(new AuditEntry(a.id(), null, now, "system", null, null, "ESCALATED", note));
    return !added.isEmpty();
  }

  private static Instant nextReminder(ApprovalRecord a) {
    ApprovalPolicy.Reminders r = a.policy().reminders();
    if (r == null || a.remindersSent() >= r.max()) return null;
    return a.createdAt().plusSeconds(r.everySeconds() * (a.remindersSent() + 1L));
  }

  private static Instant nextEscalation(ApprovalRecord a) {
    List<ApprovalPolicy.Escalation> steps = a.policy().escalation();
    if (a.escalationsDone() >= steps.size()) return null;
    return a.createdAt().plusSeconds(steps.get(a.escalationsDone()).afterSeconds());
  }

  /** A duration as people say it: "2 days", "3 hours", "90 seconds". */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86400 == 0) return plural(s / 86400, "day");
    if (s % 3600 == 0) return plural(s / 3600, "hour");
    if (s % 60 == 0) return plural(s / 60, "minute");
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
