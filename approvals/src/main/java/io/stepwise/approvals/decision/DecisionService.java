package io.stepwise.approvals.decision;

import io.stepwise.approvals.link.LinkCheck;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.LinkRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Shows and makes decisions through mailed links: checks the signed reference and finds its link,
 * then lets the {@link Decider} judge and decide; every attempt is audited.
 */
@ApplicationScoped
public class DecisionService {
  private static final Logger LOG = Logger.getLogger(DecisionService.class);

  private final ApprovalStore store;
  private final AuditStore audits;
  private final LinkSigner signer;
  private final Decider decider;
  private final Delegations delegations;
  private final Refusals refusals;
  private final AttemptPages pages;
  private final AttemptAudits attemptAudits;
  private final InstantSource clock;

  @Inject
  DecisionService(
      ApprovalStore store,
      AuditStore audits,
      LinkSigner signer,
      Decider decider,
      Delegations delegations,
      Refusals refusals,
      AttemptPages pages,
      AttemptAudits attemptAudits,
      InstantSource clock) {
    this.store = store;
    this.audits = audits;
    this.signer = signer;
    this.decider = decider;
    this.delegations = delegations;
    this.refusals = refusals;
    this.pages = pages;
    this.attemptAudits = attemptAudits;
    this.clock = clock;
  }

  /** The page for opening a link (GET): never decides, never changes anything. */
  public ConfirmPage view(String ref, Actor actor) {
    Instant now = clock.instant();
    LinkCheck check = signer.check(ref, now);
    if (check instanceof LinkCheck.Tampered) return pages.bare(DecisionOutcome.TAMPERED);
    Optional<LinkRecord> link = store.link(linkId(check));
    Optional<ApprovalRecord> approval = link.flatMap(l -> store.approval(l.approvalId()));
    if (approval.isEmpty()) return pages.bare(DecisionOutcome.TAMPERED);
    Attempt attempt = attempt(ref, link.get(), check, null, Map.of(), actor, now);
    DecisionOutcome refusal = refusals.refusal(approval.get(), attempt, /* askEngine= */ true);
    return pages.page(refusal == null ? DecisionOutcome.CONFIRM : refusal, approval.get(), attempt);
  }

  /** Confirms a link's choice (POST). */
  public ConfirmPage decide(
      String ref, boolean csrfValid, String comment, Map<String, String> fields, Actor actor) {
    Attempt attempt = posted(ref, comment, fields, actor);
    if (attempt == null) return pages.bare(DecisionOutcome.TAMPERED);
    if (!csrfValid) {
      attemptAudits.audit(attempt, DecisionOutcome.CSRF_REFUSED, null);
      return store
          .approval(attempt.approvalId())
          .map(a -> pages.page(DecisionOutcome.CSRF_REFUSED, a, attempt))
          .orElse(pages.bare(DecisionOutcome.CSRF_REFUSED));
    }
    return decider.decide(attempt);
  }

  /** Hands the link's recipient's part to another address (POST, AllowDelegation). */
  public ConfirmPage delegate(String ref, boolean csrfValid, String to, Actor actor) {
    Attempt attempt = posted(ref, null, Map.of(), actor);
    if (attempt == null) return pages.bare(DecisionOutcome.TAMPERED);
    if (!csrfValid) {
      attemptAudits.audit(attempt, DecisionOutcome.CSRF_REFUSED, "delegation");
      return pages.bare(DecisionOutcome.CSRF_REFUSED);
    }
    return delegations.delegate(attempt, to);
  }

  /**
   * What a link's POST attempts; null (audited) when the link was tampered with or names no link
   * the store knows.
   */
  private Attempt posted(String ref, String comment, Map<String, String> fields, Actor actor) {
    Instant now = clock.instant();
    LinkCheck check = signer.check(ref, now);
    if (check instanceof LinkCheck.Tampered t) {
      auditUnknown(null, actor, t.reason(), now);
      return null;
    }
    Optional<LinkRecord> found = store.link(linkId(check));
    if (found.isEmpty()) {
      auditUnknown(linkId(check), actor, "unknown link", now);
      return null;
    }
    return attempt(ref, found.get(), check, comment, fields, actor, now);
  }

  private static Attempt attempt(
      String ref,
      LinkRecord link,
      LinkCheck check,
      String comment,
      Map<String, String> fields,
      Actor actor,
      Instant now) {
    return new Attempt(
        link.approvalId(),
        link,
        check instanceof LinkCheck.Expired,
        link.choice(),
        comment,
        fields,
        actor,
        now,
        DecisionResource.path(ref));
  }

  private static UUID linkId(LinkCheck check) {
    return check instanceof LinkCheck.Valid v ? v.linkId() : ((LinkCheck.Expired) check).linkId();
  }

  /** Audits a POST with a link that names no approval. */
  private void auditUnknown(UUID linkId, Actor actor, String detail, Instant now) {
    try {
      audits.audit(
          new AuditEntry(
              null,
              linkId,
              now,
              actor.audited(null),
              actor.remoteAddress(),
              null,
              DecisionOutcome.TAMPERED.name(),
              detail));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not audit a tampered link");
    }
  }
}
