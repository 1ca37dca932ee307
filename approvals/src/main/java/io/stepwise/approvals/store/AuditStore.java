package io.stepwise.approvals.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail of decisions ({@code approval_audit}): attempts outside a decision are written
 * here in their own transaction, those inside one by {@link ApprovalStore.LockedApproval}.
 */
@ApplicationScoped
public class AuditStore {
  /** Records an attempt outside any decision (a tampered link, a refused CSRF token). */
  public void audit(AuditEntry entry) {
    Transactions.inTransaction(() -> AuditEntity.of(entry).persist());
  }

  /** An approval's audit entries, oldest first. */
  public List<AuditEntry> audit(UUID approvalId) {
    return Transactions.reading(
        () ->
            AuditEntity.<AuditEntity>list("approvalId", Sort.ascending("id"), approvalId)
                .map(rows -> rows.stream().map(AuditEntity::record).toList()));
  }
}
