package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.AuditStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Audits attempts that end before the row lock (refused, unavailable) in their own transaction. */
@ApplicationScoped
class AttemptAudits {
  private static final Logger LOG = Logger.getLogger(AttemptAudits.class);

  private final AuditStore audits;

  AttemptAudits(AuditStore audits) {
    this.audits = audits;
  }

  /** Audits an attempt; a failure to do so is logged, never thrown. */
  void audit(Attempt a, DecisionOutcome outcome, String detail) {
    try {
      audits.audit(a.entry(outcome, detail));
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not audit a %s attempt on approval %s", outcome, a.approvalId());
    }
  }
}
