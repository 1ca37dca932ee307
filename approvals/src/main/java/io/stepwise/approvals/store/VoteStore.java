package io.stepwise.approvals.store;

import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The votes on approvals ({@code approval_votes}) and who handed their part to whom ({@code
 * approval_delegations}). Reads are their own sessions; writes happen under the approval's row lock
 * ({@link LockedApproval}).
 */
@ApplicationScoped
public class VoteStore {

  /** The votes on an approval, oldest first. */
  public List<VoteRecord> votes(UUID approvalId) {
    return Entities.read(() -> votesOf(approvalId));
  }

  /** Who delegated to whom on an approval: delegator → delegate, in the order they did. */
  public Map<String, String> delegations(UUID approvalId) {
    return Entities.read(() -> delegationsOf(approvalId));
  }

  static Uni<List<VoteRecord>> votesOf(UUID approvalId) {
    return VoteEntity.<VoteEntity>list("approvalId = ?1 order by decidedAt, voter", approvalId)
        .map(rows -> rows.stream().map(VoteEntity::record).toList());
  }

  static Uni<Map<String, String>> delegationsOf(UUID approvalId) {
    return DelegationEntity.<DelegationEntity>list("approvalId = ?1 order by at", approvalId)
        .map(
            rows -> {
              Map<String, String> result = new LinkedHashMap<>();
              for (DelegationEntity row : rows) result.put(row.delegator, row.delegate);
              return result;
            });
  }

  static Uni<Void> insert(VoteRecord vote) {
    return VoteEntity.of(vote).persist().replaceWithVoid();
  }

  static Uni<Void> insertDelegation(
      UUID approvalId, String delegator, String delegate, Instant at) {
    DelegationEntity row = new DelegationEntity();
    row.approvalId = approvalId;
    row.delegator = delegator;
    row.delegate = delegate;
    row.at = at;
    return row.persist().replaceWithVoid();
  }
}
