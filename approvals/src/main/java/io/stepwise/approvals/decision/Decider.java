package io.stepwise.approvals.decision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.approvals.mail.MailOutbox;
import io.stepwise.approvals.policy.Addresses;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.policy.FormSchema;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.LinkRecord;
import io.stepwise.approvals.store.LockedApproval;
import io.stepwise.approvals.store.VoteRecord;
import io.stepwise.approvals.store.VoteStore;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Makes one decision, whichever way it came (a mailed link or the inbox): holding the approval's
 * row lock (so it is made once, across nodes) it checks the approval's state and who asks and
 * records and audits the outcome. A vote that completes the quorum claims the approval under the
 * lock, resolves the task through {@link TaskTokenService} after the commit (the task service needs
 * a pooled connection of its own, which a transaction holding one must not wait for) and records
 * the decision under the lock again; attempts meanwhile wait for the claim as they waited for the
 * lock. The same rules decide what a page may offer before anything is posted.
 */
@ApplicationScoped
public class Decider {
  private static final Logger LOG = Logger.getLogger(Decider.class);

  /** TaskTokenService refusals that mean the task is gone for good, not a passing failure. */
  private static final Set<String> GONE =
      Set.of("TaskDoesNotExist", "TaskTimedOut", "InvalidToken");

  static final int MAX_COMMENT = 4000;

  /** How long attempts wait for another attempt answering the task: past the claim, and a bit. */
  private static final Duration MAX_WAIT = LockedApproval.ANSWERING.plusSeconds(5);

  private static final Duration WAIT_STEP = Duration.ofMillis(50);

  private final ApprovalStore store;
  private final VoteStore voteStore;
  private final AuditStore audits;
  private final TaskTokenService tokens;
  private final Instance<ExecutionService> executions;
  private final ConfirmPages pages;
  private final MailOutbox outbox;

  @Inject
  public Decider(
      ApprovalStore store,
      VoteStore voteStore,
      AuditStore audits,
      TaskTokenService tokens,
      Instance<ExecutionService> executions,
      ConfirmPages pages,
      MailOutbox outbox) {
    this.outbox = outbox;
    this.store = store;
    this.voteStore = voteStore;
    this.audits = audits;
    this.tokens = tokens;
    this.executions = executions;
    this.pages = pages;
  }

  /**
   * One attempt at a decision.
   *
   * @param link the mailed link it came through, or null from the inbox
   * @param linkExpired whether the link's signed expiry has passed
   * @param fields the form as posted (field name → text), empty without a form
   * @param here the page's path (to come back to after signing in)
   */
  record Attempt(
      UUID approvalId,
      LinkRecord link,
      boolean linkExpired,
      String choice,
      String comment,
      Map<String, String> fields,
      Actor actor,
      Instant now,
      String here) {}

  /** Decides, or says why not; never throws (a failure leaves everything as it was). */
  ConfirmPage decide(Attempt a) {
    String note = a.comment() == null || a.comment().isBlank() ? null : a.comment().strip();
    if (note != null && note.length() > MAX_COMMENT) note = note.substring(0, MAX_COMMENT);
    String comment = note;
    try {
      Optional<Verdict> verdict = underLock(a, locked -> decideLocked(locked, a, comment));
      if (verdict.isEmpty()) return pages.bare(DecisionOutcome.TAMPERED);
      if (verdict.get().answer() != null) return answer(a, verdict.get());
      return page(verdict.get(), a);
    } catch (RuntimeException e) {
      // The task service or the database failed: the transaction rolled back, nothing changed.
      LOG.warnf(e, "Decision on approval %s could not be recorded", a.approvalId());
      audit(a, DecisionOutcome.UNAVAILABLE, String.valueOf(e.getMessage()));
      return store
          .approval(a.approvalId())
          .map(approval -> page(DecisionOutcome.UNAVAILABLE, approval, a))
          .orElse(pages.bare(DecisionOutcome.UNAVAILABLE));
    }
  }

  /**
   * Under the approval's row lock: checks the attempt, records the vote and, when the votes now
   * make the quorum (or the reject quorum), resolves the task with all the votes. Two attempts that
   * would each complete the quorum run here one after the other: the second finds it decided.
   */
  private Verdict decideLocked(LockedApproval locked, Attempt a, String comment) {
    ApprovalRecord approval = locked.approval();
    if (locked.answering(a.now())) return Verdict.WAIT;
    List<VoteRecord> votes = locked.votes();
    Map<String, String> delegations = locked.delegations();
    DecisionOutcome refusal = refusal(approval, a, /* askEngine= */ false, votes, delegations);
    if (refusal != null) {
      locked.audit(entry(a, refusal, null));
      return new Verdict(refusal, approval, delegations, null, null, null);
    }
    ApprovalPolicy policy = approval.policy();
    ObjectNode fields = null;
    if (policy.fields() != null) {
      FormSchema.Filled filled =
          policy.fields().fill(a.fields(), policy.fieldsRequiredFor(a.choice()));
      if (!filled.valid()) {
        locked.audit(
            entry(a, DecisionOutcome.INVALID_FIELDS, String.join("; ", filled.errors().values())));
        return new Verdict(
            DecisionOutcome.INVALID_FIELDS, approval, delegations, filled.errors(), null, null);
      }
      fields = filled.values();
    }
    String decidedBy = a.actor().signedIn() ? a.actor().user() : a.link().recipient();
    Instant at = a.now().truncatedTo(ChronoUnit.MILLIS);
    VoteRecord vote =
        new VoteRecord(
            approval.id(),
            voter(approval, a),
            decidedBy,
            a.choice(),
            approval.allowComment() ? comment : null,
            at,
            fields == null ? null : fields.toString());
    List<VoteRecord> all = new ArrayList<>(votes);
    all.add(vote);
    String error = approval.failOn().get(a.choice());
    long same = all.stream().filter(v -> v.decision().equals(a.choice())).count();
    int needed =
        error != null
            ? policy.rejectQuorum()
            : policy.quorum().required(approval.recipients().size());
    UUID linkId = a.link() == null ? null : a.link().id();
    String how = a.link() == null ? "from the inbox; " : "";
    if (same < needed) {
      locked.voted(vote, linkId);
      locked.audit(
          entry(a, DecisionOutcome.VOTED, how + "vote " + same + " of " + needed + " needed"));
      return new Verdict(DecisionOutcome.VOTED, approval, delegations, null, null, null);
    }
    locked.answeringUntil(a.now().plus(LockedApproval.ANSWERING));
    Answer answer = new Answer(vote, Outputs.result(vote, all), error, linkId, how);
    return new Verdict(DecisionOutcome.DECIDED, approval, delegations, null, null, answer);
  }

  /**
   * What the locked part found; the page is drawn after the commit (drawing reads the votes).
   *
   * @param errors the form's errors by field, or null
   * @param detail a line the page adds, or null
   * @param answer the task to answer after the commit (the vote completes the quorum), or null
   */
  private record Verdict(
      DecisionOutcome outcome,
      ApprovalRecord approval,
      Map<String, String> delegations,
      Map<String, String> errors,
      String detail,
      Answer answer) {
    /** Another attempt is answering the task: try again shortly. */
    static final Verdict WAIT = new Verdict(null, null, null, null, null, null);
  }

  /** A vote that completes the quorum (or the reject quorum), claimed under the lock. */
  private record Answer(VoteRecord vote, String result, String error, UUID linkId, String how) {}

  /**
   * Runs {@code work} under the approval's row lock, again while another attempt answers the task
   * (as the lock itself made attempts wait); empty when there is no such approval.
   */
  private Optional<Verdict> underLock(Attempt a, Function<LockedApproval, Verdict> work) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    while (true) {
      Optional<Verdict> verdict = store.withLockedApproval(a.approvalId(), work);
      if (verdict.isEmpty() || verdict.get() != Verdict.WAIT) return verdict;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("another decision on this approval is still being made");
      }
      try {
        Thread.sleep(WAIT_STEP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for another decision", e);
      }
    }
  }

  /**
   * Resolves the task with the claimed deciding vote (no transaction open), then records the
   * decision, or that the task was gone, under the lock, ending the claim.
   */
  private ConfirmPage answer(Attempt a, Verdict verdict) {
    ApprovalRecord approval = verdict.approval();
    Answer answer = verdict.answer();
    VoteRecord vote = answer.vote();
    try {
      if (answer.error() == null) {
        tokens.succeed(approval.taskToken(), answer.result());
      } else {
        tokens.fail(approval.taskToken(), answer.error(), answer.result());
      }
    } catch (ServiceException e) {
      if (!GONE.contains(e.code())) throw endClaim(a, e);
      store.withLockedApproval(
          a.approvalId(),
          locked -> {
            locked.answered();
            locked.ended(ApprovalStatus.CLOSED, e.code() + ": " + e.getMessage());
            locked.audit(entry(a, DecisionOutcome.NOT_WAITING, e.code()));
            return true;
          });
      return page(DecisionOutcome.NOT_WAITING, approval, a);
    } catch (RuntimeException e) {
      throw endClaim(a, e);
    }
    store.withLockedApproval(
        a.approvalId(),
        locked -> {
          locked.answered();
          locked.voted(vote, answer.linkId());
          locked.decided(vote);
          locked.audit(
              entry(
                  a,
                  DecisionOutcome.DECIDED,
                  answer.how()
                      + (answer.error() == null
                          ? "task succeeded"
                          : "task failed with " + answer.error())));
          return true;
        });
    ApprovalRecord decided =
        approval.decided(
            vote.decision(), vote.comment(), vote.decidedBy(), vote.decidedAt(), vote.fields());
    return page(DecisionOutcome.DECIDED, decided, a);
  }

  /** The task was not answered: the claim ends, so the next attempt may try. */
  private RuntimeException endClaim(Attempt a, RuntimeException failure) {
    try {
      store.withLockedApproval(
          a.approvalId(),
          locked -> {
            locked.answered();
            return true;
          });
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  private ConfirmPage page(Verdict verdict, Attempt a) {
    ConfirmPage page = page(verdict.outcome(), verdict.approval(), a, verdict.delegations());
    if (verdict.errors() != null) page = pages.withErrors(page, verdict.errors());
    return verdict.detail() == null ? page : page.withDetail(verdict.detail());
  }

  /**
   * Why this attempt cannot decide now, or null when it can. Through a link, the link is the
   * authority unless the approval requires sign-in; from the inbox, the user must be one of the
   * approval's deciders (To or Groups). Nobody decides twice, and with {@code PreventSelfApproval}
   * the execution's starter not at all.
   */
  DecisionOutcome refusal(
      ApprovalRecord approval,
      Attempt a,
      boolean askEngine,
      List<VoteRecord> votes,
      Map<String, String> delegations) {
    switch (approval.status()) {
      case DECIDED -> {
        return DecisionOutcome.ALREADY_DECIDED;
      }
      case EXPIRED -> {
        return DecisionOutcome.EXPIRED;
      }
      case CLOSED -> {
        return DecisionOutcome.NOT_WAITING;
      }
      case PENDING -> {}
    }
    if (a.linkExpired()
        || (a.link() != null && !a.now().isBefore(a.link().expiresAt()))
        || !a.now().isBefore(approval.expiresAt())) {
      return DecisionOutcome.EXPIRED;
    }
    if (askEngine && !executionRunning(approval.executionArn())) {
      return DecisionOutcome.NOT_WAITING;
    }
    if (delegatedTo(a, delegations) != null) return DecisionOutcome.DELEGATED;
    boolean deciderOnly = a.link() == null || approval.requireSignIn();
    if (deciderOnly && !a.actor().signedIn()) return DecisionOutcome.SIGN_IN_REQUIRED;
    if (deciderOnly && !a.actor().mayDecide(approval)) return DecisionOutcome.NOT_ALLOWED;
    Set<String> who = identities(a);
    if (approval.policy().preventSelfApproval()
        && approval.startedBy().stream().map(Decider::lower).anyMatch(who::contains)) {
      return DecisionOutcome.SELF_APPROVAL;
    }
    if (votes.stream().anyMatch(v -> who.contains(v.voter()))) {
      return DecisionOutcome.ALREADY_VOTED;
    }
    return null;
  }

  /** {@link #refusal(ApprovalRecord, Attempt, boolean, List, Map)} as stored now. */
  DecisionOutcome refusal(ApprovalRecord approval, Attempt a, boolean askEngine) {
    return refusal(
        approval,
        a,
        askEngine,
        voteStore.votes(approval.id()),
        voteStore.delegations(approval.id()));
  }

  /** To whom the attempt's person handed their part, or null. */
  private static String delegatedTo(Attempt a, Map<String, String> delegations) {
    return identities(a).stream()
        .map(delegations::get)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /**
   * Hands the attempt's person's part to {@code delegate} (AllowDelegation), under the row lock:
   * the same checks as a decision, then the delegate must be an address that is not theirs, not
   * asked already and not decided. The delegate gets their own links by mail; the delegator's links
   * and inbox stop deciding. Never throws.
   */
  ConfirmPage delegate(Attempt a, String delegate) {
    try {
      Optional<Verdict> verdict = underLock(a, locked -> delegateLocked(locked, a, delegate));
      if (verdict.isEmpty()) return pages.bare(DecisionOutcome.TAMPERED);
      if (verdict.get().outcome() == DecisionOutcome.HANDED_OVER) outbox.wake();
      return page(verdict.get(), a);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Delegation on approval %s could not be recorded", a.approvalId());
      audit(a, DecisionOutcome.UNAVAILABLE, "delegation: " + e.getMessage());
      return pages.bare(DecisionOutcome.UNAVAILABLE);
    }
  }

  private Verdict delegateLocked(LockedApproval locked, Attempt a, String delegate) {
    ApprovalRecord approval = locked.approval();
    if (locked.answering(a.now())) return Verdict.WAIT;
    List<VoteRecord> votes = locked.votes();
    Map<String, String> delegations = locked.delegations();
    DecisionOutcome refusal = refusal(approval, a, false, votes, delegations);
    if (refusal != null) {
      locked.audit(entry(a, refusal, "delegation"));
      return new Verdict(refusal, approval, delegations, null, null, null);
    }
    String to = delegate == null ? "" : delegate.strip();
    String key = lower(to);
    String problem = null;
    if (!approval.policy().allowDelegation()) problem = "This approval does not allow delegation.";
    else if (!Addresses.valid(to)) problem = "'" + to + "' is not an e-mail address.";
    else if (identities(a).contains(key)) problem = "You cannot hand it to yourself.";
    else if (votes.stream().anyMatch(v -> v.voter().equals(key))) {
      problem = to + " has decided already.";
    } else if (approval.recipients().stream().map(Decider::lower).anyMatch(key::equals)
        || delegations.containsKey(key)) {
      problem = to + " is asked already.";
    }
    if (problem != null) {
      locked.audit(entry(a, DecisionOutcome.BAD_DELEGATION, problem));
      return new Verdict(
          DecisionOutcome.BAD_DELEGATION, approval, delegations, null, problem, null);
    }
    String delegator = voter(approval, a);
    String replaced =
        approval.recipients().stream()
            .filter(r -> lower(r).equals(delegator))
            .findFirst()
            .orElse(null);
    List<LinkRecord> links = new ArrayList<>();
    for (String choice : approval.choices()) {
      links.add(
          new LinkRecord(UUID.randomUUID(), approval.id(), to, choice, approval.expiresAt(), null));
    }
    String by = a.actor().signedIn() ? a.actor().user() : a.link().recipient();
    String note = by + " handed their decision on this approval to you.";
    locked.delegated(delegator, replaced, to, links, note, a.now().truncatedTo(ChronoUnit.MILLIS));
    locked.audit(entry(a, DecisionOutcome.HANDED_OVER, "delegated to " + to));
    return new Verdict(
        DecisionOutcome.HANDED_OVER, approval, delegations, null, "Handed to " + to + ".", null);
  }

  /** Everyone the attempt speaks for: the link's recipient, the signed-in user and their mail. */
  private static Set<String> identities(Attempt a) {
    Set<String> who = new HashSet<>(a.actor().addresses());
    if (a.actor().signedIn()) who.add(lower(a.actor().user()));
    if (a.link() != null) who.add(lower(a.link().recipient()));
    return who;
  }

  /**
   * The voter as the one-vote rule records them: the link's recipient; from the inbox, the user's
   * address that the approval was sent to, else the user's name.
   */
  private static String voter(ApprovalRecord approval, Attempt a) {
    if (a.link() != null) return lower(a.link().recipient());
    return approval.recipients().stream()
        .map(Decider::lower)
        .filter(a.actor().addresses()::contains)
        .findFirst()
        .orElse(lower(a.actor().user()));
  }

  private static String lower(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the execution still runs, as far as the read model says (unknown counts as yes). */
  private boolean executionRunning(String executionArn) {
    if (!executions.isResolvable()) return true;
    try {
      return executions
          .get()
          .describe(executionArn)
          .map(ExecutionDetail::summary)
          .map(s -> s.status() == ExecutionStatus.RUNNING)
          .orElse(true);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** The page, saying to whom the part was handed when that is why nothing happens. */
  private ConfirmPage page(
      DecisionOutcome outcome,
      ApprovalRecord approval,
      Attempt a,
      Map<String, String> delegations) {
    ConfirmPage page = pageOnly(outcome, approval, a);
    String to = outcome == DecisionOutcome.DELEGATED ? delegatedTo(a, delegations) : null;
    return to == null ? page : page.withDetail("Handed to " + to + ".");
  }

  ConfirmPage page(DecisionOutcome outcome, ApprovalRecord approval, Attempt a) {
    if (outcome != DecisionOutcome.DELEGATED) return pageOnly(outcome, approval, a);
    return page(outcome, approval, a, voteStore.delegations(approval.id()));
  }

  private ConfirmPage pageOnly(DecisionOutcome outcome, ApprovalRecord approval, Attempt a) {
    LinkRecord link = a.link();
    Instant good =
        link == null || approval.expiresAt().isBefore(link.expiresAt())
            ? approval.expiresAt()
            : link.expiresAt();
    return pages.page(
        outcome,
        approval,
        a.choice(),
        link == null ? null : link.recipient(),
        good,
        a.actor(),
        a.here(),
        a.fields());
  }

  /** Audits an attempt in its own transaction; a failure to do so is logged, never thrown. */
  void audit(Attempt a, DecisionOutcome outcome, String detail) {
    try {
      audits.audit(entry(a, outcome, detail));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not audit a %s attempt on approval %s", outcome, a.approvalId());
    }
  }

  private static AuditEntry entry(Attempt a, DecisionOutcome outcome, String detail) {
    return new AuditEntry(
        a.approvalId(),
        a.link() == null ? null : a.link().id(),
        a.now(),
        a.actor().audited(a.link() == null ? null : a.link().recipient()),
        a.actor().remoteAddress(),
        a.choice(),
        outcome.name(),
        detail);
  }
}
