package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import io.stepwise.server.persistence.UniqueViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Approvals and their links ({@code approval_requests}, {@code approval_links}; migrations {@code
 * db/migration/approvals}) as Hibernate Reactive entities on the server's reactive pool. Every
 * method is one short transaction or session; blocks its caller (a worker or virtual thread); safe
 * from several server nodes at once (row locks). The listings ({@link #approvals}, {@link
 * #approvalsOfExecution}, {@link #inboxApproval}) are what the inbox shows; a server may narrow
 * them to what its caller may see. Votes and delegations: {@link VoteStore}.
 */
@ApplicationScoped
public class ApprovalStore {

  /**
   * Stores a new approval with its links and one mail per recipient, unless one exists for the task
   * token already (an at-least-once dispatch delivered it again).
   *
   * @return whether this call created it
   */
  public boolean create(ApprovalRecord a, List<LinkRecord> links) {
    try {
      return Entities.inTransaction(
          () ->
              ApprovalEntity.count("taskToken", a.taskToken())
                  .chain(
                      known -> {
                        if (known > 0) return Uni.createFrom().item(false);
                        return ApprovalEntity.of(a)
                            .persist()
                            .chain(() -> insertLinks(links))
                            .chain(() -> OutboxStore.queue(a))
                            .replaceWith(true);
                      }));
    } catch (RuntimeException e) {
      // The same dispatch delivered twice at once: the other one stored it.
      if (UniqueViolation.causedBy(e)) return false;
      throw e;
    }
  }

  static Uni<Void> insertLinks(List<LinkRecord> links) {
    if (links.isEmpty()) return Uni.createFrom().voidItem();
    return Panache.getSession()
        .chain(s -> s.persistAll(links.stream().map(LinkEntity::of).toArray()));
  }

  public Optional<ApprovalRecord> approval(UUID id) {
    return Optional.ofNullable(
        Entities.read(
            () -> ApprovalEntity.<ApprovalEntity>findById(id).map(ApprovalStore::record)));
  }

  public Optional<ApprovalRecord> approvalForToken(String taskToken) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                ApprovalEntity.<ApprovalEntity>find("taskToken", taskToken)
                    .firstResult()
                    .map(ApprovalStore::record)));
  }

  private static ApprovalRecord record(ApprovalEntity row) {
    return row == null ? null : row.record();
  }

  /** The approval as the inbox may show it to the current caller (here: any). */
  public Optional<ApprovalRecord> inboxApproval(UUID id) {
    return approval(id);
  }

  /** Approvals newest first, of one status or all (null). */
  public List<ApprovalRecord> approvals(ApprovalStatus status, int max) {
    return Entities.read(
        () ->
            (status == null
                    ? ApprovalEntity.<ApprovalEntity>find("order by createdAt desc")
                    : ApprovalEntity.<ApprovalEntity>find(
                        "status = ?1 order by createdAt desc", status.name()))
                .page(0, max)
                .list()
                .map(ApprovalStore::records));
  }

  /** Approvals of one execution, oldest first. */
  public List<ApprovalRecord> approvalsOfExecution(String executionArn) {
    return Entities.read(
        () ->
            ApprovalEntity.<ApprovalEntity>list(
                    "executionArn = ?1 order by createdAt", executionArn)
                .map(ApprovalStore::records));
  }

  private static List<ApprovalRecord> records(List<ApprovalEntity> rows) {
    return rows.stream().map(ApprovalEntity::record).toList();
  }

  public Optional<LinkRecord> link(UUID id) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                LinkEntity.<LinkEntity>findById(id).map(row -> row == null ? null : row.record())));
  }

  /** One recipient's links of an approval, in the order of the choices. */
  public List<LinkRecord> links(UUID approvalId, String recipient) {
    return Entities.read(
        () ->
            ApprovalEntity.<ApprovalEntity>findById(approvalId)
                .chain(
                    approval ->
                        LinkEntity.<LinkEntity>list(
                                "approvalId = ?1 and recipient = ?2", approvalId, recipient)
                            .map(
                                rows -> {
                                  List<String> choices =
                                      approval == null ? List.of() : List.of(approval.choices);
                                  return rows.stream()
                                      .map(LinkEntity::record)
                                      .sorted(
                                          Comparator.comparingInt(l -> choices.indexOf(l.choice())))
                                      .toList();
                                })));
  }

  /** Ids of pending approvals with reminders or escalation that may be due (the caller checks). */
  public List<UUID> pendingWithTimers(int max) {
    // The policy is jsonb, which HQL cannot look into: PostgreSQL's own operators say it.
    return Entities.read(
        () ->
            Panache.getSession()
                .chain(
                    s ->
                        s.createNativeQuery(
                                "select id from approval_requests where status = 'PENDING'"
                                    + " and (policy -> 'Reminders' is not null"
                                    + " or policy -> 'Escalation' is not null)"
                                    + " order by created_at",
                                UUID.class)
                            .setMaxResults(max)
                            .getResultList()));
  }

  /** Ids of pending approvals whose links have run out. */
  public List<UUID> expiredPending(Instant now, int max) {
    return Entities.read(
        () ->
            ApprovalEntity.<ApprovalEntity>find(
                    "status = 'PENDING' and expiresAt <= ?1 order by expiresAt", now)
                .page(0, max)
                .list()
                .map(rows -> rows.stream().map(row -> row.id).toList()));
  }

  /**
   * Runs {@code work} holding the approval's row lock, so two clicks on two nodes decide one at a
   * time; writes what it recorded and commits when it returns, rolls back when it throws. Empty
   * when there is no such row. The work runs inside the transaction, on its Vert.x context: it may
   * only compute on what {@link LockedApproval} holds (no call to the task service, no read through
   * a store), so the transaction is short and holds one pooled connection only.
   */
  public <T> Optional<T> withLockedApproval(UUID id, Function<LockedApproval, T> work) {
    return Optional.ofNullable(
        Entities.inTransaction(
            () ->
                ApprovalEntity.<ApprovalEntity>findById(id, LockModeType.PESSIMISTIC_WRITE)
                    .chain(
                        row -> {
                          if (row == null) return Uni.createFrom().nullItem();
                          return VoteStore.votesOf(id)
                              .chain(
                                  votes ->
                                      VoteStore.delegationsOf(id)
                                          .map(d -> new LockedApproval(row, votes, d)))
                              .chain(
                                  locked -> {
                                    T result = work.apply(locked);
                                    return locked.write().replaceWith(result);
                                  });
                        })));
  }
}
