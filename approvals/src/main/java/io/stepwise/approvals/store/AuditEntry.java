package io.stepwise.approvals.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One audited attempt at a decision, accepted or refused.
 *
 * @param actor who: the signed-in user, or "link sent to …" for a link
 * @param outcome what happened, a {@code DecisionOutcome} name or {@code EXPIRED} for the sweep
 */
public record AuditEntry(
    UUID approvalId,
    UUID linkId,
    Instant at,
    String actor,
    String remoteAddress,
    String choice,
    String outcome,
    String detail) {}
