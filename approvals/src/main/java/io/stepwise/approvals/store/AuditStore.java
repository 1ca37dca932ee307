package io.stepwise.approvals.store;

import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail of decisions ({@code approval_audit}): attempts outside a decision are written
 * here in their own transaction, those inside one by {@link LockedApproval}.
 */
@ApplicationScoped
public class AuditStore {

  /** Records an attempt outside any decision (a tampered link, a refused CSRF token). */
  public void audit(AuditEntry entry) {
    Entities.inTransaction(() -> insert(entry));
  }

  /** An approval's audit entries, oldest first. */
  public List<AuditEntry> audit(UUID approvalId) {
    return Entities.read(
        () ->
            AuditEntity.<AuditEntity>list("approvalId = ?1 order by id", approvalId)
                .map(rows -> rows.stream().map(AuditEntity::entry).toList()));
  }

  /** Inserts an entry in the transaction of the caller's session. */
  static Uni<Void> insert(AuditEntry entry) {
    return AuditEntity.of(entry).persist().replaceWithVoid();
  }
}
