package io.stepwise.approvals.decision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.approvals.ApprovalsConfig;
import io.stepwise.approvals.link.LinkCheck;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.LinkRecord;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Shows and makes decisions through links: checks the signed reference, the approval's state and
 * who is asking, resolves the task through {@link TaskTokenService} while holding the approval's
 * row lock (so a decision is made once, across nodes), and audits every attempt.
 */
@ApplicationScoped
public class DecisionService {
  private static final Logger LOG = Logger.getLogger(DecisionService.class);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** TaskTokenService refusals that mean the task is gone for good, not a passing failure. */
  private static final Set<String> GONE =
      Set.of("TaskDoesNotExist", "TaskTimedOut", "InvalidToken");

  private static final int MAX_COMMENT = 4000;

  private final ApprovalStore store;
  private final LinkSigner signer;
  private final TaskTokenService tokens;
  private final Instance<ExecutionService> executions;
  private final InstantSource clock;
  private final ApprovalsConfig config;

  @Inject
  public DecisionService(
      ApprovalStore store,
      LinkSigner signer,
      TaskTokenService tokens,
      Instance<ExecutionService> executions,
      InstantSource clock,
      ApprovalsConfig config) {
    this.store = store;
    this.signer = signer;
    this.tokens = tokens;
    this.executions = executions;
    this.clock = clock;
    this.config = config;
  }

  /** The page for opening a link (GET): never decides, never changes anything. */
  public ConfirmPage view(String ref, Actor actor) {
    Instant now = clock.instant();
    LinkCheck check = signer.check(ref, now);
    if (check instanceof LinkCheck.Tampered) return ConfirmPage.bare(DecisionOutcome.TAMPERED);
    UUID linkId =
        check instanceof LinkCheck.Valid v ? v.linkId() : ((LinkCheck.Expired) check).linkId();
    Optional<LinkRecord> link = store.link(linkId);
    Optional<ApprovalRecord> approval = link.flatMap(l -> store.approval(l.approvalId()));
    if (approval.isEmpty()) return ConfirmPage.bare(DecisionOutcome.TAMPERED);
    DecisionOutcome refusal =
        refusal(approval.get(), link.get(), check, actor, now, /* askEngine= */ true);
    return page(refusal == null ? DecisionOutcome.CONFIRM : refusal, approval.get(), link.get());
  }

  /** Confirms a link's choice (POST): the one place a decision is made. */
  public ConfirmPage decide(String ref, boolean csrfValid, String comment, Actor actor) {
    Instant now = clock.instant();
    LinkCheck check = signer.check(ref, now);
    if (check instanceof LinkCheck.Tampered t) {
      audit(null, null, actor, null, DecisionOutcome.TAMPERED, t.reason(), now);
      return ConfirmPage.bare(DecisionOutcome.TAMPERED);
    }
    UUID linkId =
        check instanceof LinkCheck.Valid v ? v.linkId() : ((LinkCheck.Expired) check).linkId();
    Optional<LinkRecord> found = store.link(linkId);
    if (found.isEmpty()) {
      audit(null, linkId, actor, null, DecisionOutcome.TAMPERED, "unknown link", now);
      return ConfirmPage.bare(DecisionOutcome.TAMPERED);
    }
    LinkRecord link = found.get();
    if (!csrfValid) {
      audit(
          link.approvalId(), linkId, actor, link.choice(), DecisionOutcome.CSRF_REFUSED, null, now);
      return store
          .approval(link.approvalId())
          .map(a -> page(DecisionOutcome.CSRF_REFUSED, a, link))
          .orElse(ConfirmPage.bare(DecisionOutcome.CSRF_REFUSED));
    }
    String note = comment == null || comment.isBlank() ? null : comment.strip();
    if (note != null && note.length() > MAX_COMMENT) note = note.substring(0, MAX_COMMENT);
    String finalNote = note;
    try {
      return store
          .withLockedApproval(
              link.approvalId(), locked -> decideLocked(locked, link, check, finalNote, actor, now))
          .orElse(ConfirmPage.bare(DecisionOutcome.TAMPERED));
    } catch (RuntimeException e) {
      // The task service or the database failed: the transaction rolled back, nothing changed.
      LOG.warnf(e, "Decision on approval %s could not be recorded", link.approvalId());
      audit(
          link.approvalId(),
          linkId,
          actor,
          link.choice(),
          DecisionOutcome.UNAVAILABLE,
          String.valueOf(e.getMessage()),
          now);
      return store
          .approval(link.approvalId())
          .map(a -> page(DecisionOutcome.UNAVAILABLE, a, link))
          .orElse(ConfirmPage.bare(DecisionOutcome.UNAVAILABLE));
    }
  }

  private ConfirmPage decideLocked(
      ApprovalStore.LockedApproval locked,
      LinkRecord link,
      LinkCheck check,
      String comment,
      Actor actor,
      Instant now) {
    ApprovalRecord approval = locked.approval();
    DecisionOutcome refusal = refusal(approval, link, check, actor, now, /* askEngine= */ false);
    if (refusal != null) {
      locked.audit(entry(approval.id(), link.id(), actor, link.choice(), refusal, null, now));
      return page(refusal, approval, link);
    }
    String decidedBy = actor.signedIn() ? actor.user() : link.recipient();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    String note = approval.allowComment() ? comment : null;
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("decision", link.choice());
    result.put("comment", note);
    result.put("decidedBy", decidedBy);
    result.put("decidedAt", at.toString());
    String error = approval.failOn().get(link.choice());
    try {
      if (error == null) {
        tokens.succeed(approval.taskToken(), result.toString());
      } else {
        tokens.fail(approval.taskToken(), error, result.toString());
      }
    } catch (ServiceException e) {
      if (!GONE.contains(e.code())) throw e;
      locked.ended(ApprovalStatus.CLOSED, e.code() + ": " + e.getMessage());
      locked.audit(
          entry(
              approval.id(),
              link.id(),
              actor,
              link.choice(),
              DecisionOutcome.NOT_WAITING,
              e.code(),
              now));
      return page(DecisionOutcome.NOT_WAITING, approval, link);
    }
    locked.decided(link.choice(), note, decidedBy, at, link.id());
    locked.audit(
        entry(
            approval.id(),
            link.id(),
            actor,
            link.choice(),
            DecisionOutcome.DECIDED,
            error == null ? "task succeeded" : "task failed with " + error,
            now));
    ApprovalRecord decided =
        new ApprovalRecord(
            approval.id(),
            approval.taskToken(),
            approval.executionArn(),
            approval.stateMachineArn(),
            approval.stateName(),
            approval.subject(),
            approval.message(),
            approval.choices(),
            approval.failOn(),
            approval.recipients(),
            approval.groups(),
            approval.allowComment(),
            approval.requireSignIn(),
            approval.createdAt(),
            approval.expiresAt(),
            ApprovalStatus.DECIDED,
            link.choice(),
            note,
            decidedBy,
            at,
            null);
    return page(DecisionOutcome.DECIDED, decided, link);
  }

  /** Why this link cannot decide now, or null when it can. */
  private DecisionOutcome refusal(
      ApprovalRecord approval,
      LinkRecord link,
      LinkCheck check,
      Actor actor,
      Instant now,
      boolean askEngine) {
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
    if (check instanceof LinkCheck.Expired
        || !now.isBefore(link.expiresAt())
        || !now.isBefore(approval.expiresAt())) {
      return DecisionOutcome.EXPIRED;
    }
    if (askEngine && !executionRunning(approval.executionArn())) {
      return DecisionOutcome.NOT_WAITING;
    }
    if (approval.requireSignIn() && !actor.signedIn()) return DecisionOutcome.SIGN_IN_REQUIRED;
    if (approval.requireSignIn()
        && !approval.groups().isEmpty()
        && !actor.inAnyOf(approval.groups())) {
      return DecisionOutcome.NOT_ALLOWED;
    }
    return null;
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

  private ConfirmPage page(DecisionOutcome outcome, ApprovalRecord a, LinkRecord link) {
    return new ConfirmPage(
        outcome,
        a.subject(),
        a.message(),
        link.choice(),
        a.failOn().get(link.choice()),
        a.executionArn(),
        executionLink(a.executionArn()),
        a.stateName(),
        link.recipient(),
        WHEN.format(a.expiresAt().isBefore(link.expiresAt()) ? a.expiresAt() : link.expiresAt()),
        a.allowComment(),
        a.decision(),
        a.decidedBy(),
        a.decidedAt() == null ? null : WHEN.format(a.decidedAt()),
        a.comment(),
        null);
  }

  /** The execution's page in the web UI. */
  public String executionLink(String executionArn) {
    return config
        .executionLink()
        .replace("{arn}", URLEncoder.encode(executionArn, StandardCharsets.UTF_8));
  }

  private void audit(
      UUID approvalId,
      UUID linkId,
      Actor actor,
      String choice,
      DecisionOutcome outcome,
      String detail,
      Instant now) {
    try {
      store.audit(entry(approvalId, linkId, actor, choice, outcome, detail, now));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not audit a %s attempt on approval %s", outcome, approvalId);
    }
  }

  private static AuditEntry entry(
      UUID approvalId,
      UUID linkId,
      Actor actor,
      String choice,
      DecisionOutcome outcome,
      String detail,
      Instant now) {
    return new AuditEntry(
        approvalId,
        linkId,
        now,
        actor.signedIn() ? "user:" + actor.user() : "link",
        actor.remoteAddress(),
        choice,
        outcome.name(),
        detail);
  }
}
