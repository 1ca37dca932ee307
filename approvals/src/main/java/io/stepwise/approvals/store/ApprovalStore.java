package io.stepwise.approvals.store;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Approvals and their links ({@code approval_requests}, {@code approval_links}; migrations in
 * {@code db/migration/approvals}) as Hibernate Reactive entities on the server's reactive pool.
 * Every method is one short session or transaction that the calling (worker or virtual) thread
 * waits for; safe from several server nodes at once (row locks). The listings ({@link #approvals},
 * {@link #approvalsOfExecution}, {@link #inboxApproval}) are what the inbox shows, narrowed by the
 * {@link ApprovalVisibility} to what the current caller may see.
 */
@ApplicationScoped
public class ApprovalStore {
  private final ApprovalVisibility visibility;

  @Inject
  public ApprovalStore(ApprovalVisibility visibility) {
    this.visibility = visibility;
  }

  /**
   * Stores a new approval with its links and one mail per recipient, unless one exists for the task
   * token already (an at-least-once dispatch delivered it again).
   *
   * @return whether this call created it
   */
  public boolean create(ApprovalRecord a, List<LinkRecord> links) {
    try {
      return Transactions.inTransaction(
          () ->
              ApprovalEntity.count("taskToken", a.taskToken())
                  .chain(
                      existing -> {
                        if (existing > 0) return Uni.createFrom().item(false);
                        List<Object> rows = new ArrayList<>();
                        rows.add(ApprovalEntity.of(a));
                        links.forEach(l -> rows.add(LinkEntity.of(l)));
                        rows.addAll(OutboxStore.firstMails(a));
                        return ApprovalEntity.persist(rows).replaceWith(true);
                      }));
    } catch (RuntimeException e) {
      // Two dispatches of one task raced past the check: the unique task token kept one.
      if (approvalForToken(a.taskToken()).isPresent()) return false;
      throw e;
    }
  }

  public Optional<ApprovalRecord> approval(UUID id) {
    return Transactions.reading(
        () -> ApprovalEntity.<ApprovalEntity>findById(id).map(ApprovalStore::record));
  }

  public Optional<ApprovalRecord> approvalForToken(String taskToken) {
    return Transactions.reading(
        () ->
            ApprovalEntity.<ApprovalEntity>find("taskToken", taskToken)
                .firstResult()
                .map(ApprovalStore::record));
  }

  /** The approval as the inbox may show it to the current caller. */
  public Optional<ApprovalRecord> inboxApproval(UUID id) {
    return approval(id).filter(a -> visibility.visible(a.executionArn()));
  }

  /** Approvals newest first, of one status or all (null), that the current caller may see. */
  public List<ApprovalRecord> approvals(ApprovalStatus status, int max) {
    Sort newest = Sort.descending("createdAt");
    List<ApprovalRecord> found =
        Transactions.reading(
            () ->
                (status == null
                        ? ApprovalEntity.<ApprovalEntity>findAll(newest)
                        : ApprovalEntity.<ApprovalEntity>find("status", newest, status.name()))
                    .page(Page.ofSize(max))
                    .list()
                    .map(ApprovalStore::records));
    return visible(found);
  }

  /** Approvals of one execution, oldest first; none when the current caller may not see it. */
  public List<ApprovalRecord> approvalsOfExecution(String executionArn) {
    if (!visibility.visible(executionArn)) return List.of();
    return Transactions.reading(
        () ->
            ApprovalEntity.<ApprovalEntity>list(
                    "executionArn", Sort.ascending("createdAt"), executionArn)
                .map(ApprovalStore::records));
  }

  public Optional<LinkRecord> link(UUID id) {
    return Transactions.reading(
        () ->
            LinkEntity.<LinkEntity>findById(id)
                .map(l -> Optional.ofNullable(l).map(LinkEntity::record)));
  }

  /** One recipient's links of an approval, in the order of the choices. */
  public List<LinkRecord> links(UUID approvalId, String recipient) {
    return Transactions.reading(
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

  /** Ids of pending approvals whose links have run out. */
  public List<UUID> expiredPending(Instant now, int max) {
    return Transactions.reading(
        () ->
            ApprovalEntity.<ApprovalEntity>find(
                    "status = 'PENDING' and expiresAt <= ?1", Sort.ascending("expiresAt"), now)
                .page(Page.ofSize(max))
                .list()
                .map(rows -> rows.stream().map(e -> e.id).toList()));
  }

  /**
   * Runs {@code work} holding the approval's row lock ({@code SELECT … FOR UPDATE} in the
   * transaction that then records what the work decided), so two clicks on two nodes decide one at
   * a time; commits when it returns, rolls back when it throws. The work runs on a worker thread
   * and may block (it calls the engine's task service), but must not use the stores: everything it
   * changes goes through the {@link LockedApproval}. Empty when there is no such row.
   */
  public <T> Optional<T> withLockedApproval(UUID id, Function<LockedApproval, T> work) {
    return Transactions.inTransaction(
        () ->
            ApprovalEntity.<ApprovalEntity>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(
                    entity -> {
                      if (entity == null) return Uni.createFrom().item(Optional.<T>empty());
                      LockedApproval locked = new LockedApproval(entity.record());
                      return Transactions.blocking(() -> work.apply(locked))
                          .chain(
                              result ->
                                  locked.apply(entity).replaceWith(Optional.ofNullable(result)));
                    }));
  }

  /**
   * The approval row held under lock by {@link #withLockedApproval}: what the work reads, and the
   * changes it asks for, applied in that transaction once the work returns. Valid only inside it.
   */
  public static final class LockedApproval {
    private final ApprovalRecord approval;
    private final List<Function<ApprovalEntity, Uni<?>>> changes = new ArrayList<>();

    private LockedApproval(ApprovalRecord approval) {
      this.approval = approval;
    }

    public ApprovalRecord approval() {
      return approval;
    }

    /** Records the decision and uses up the link it came through (null: not through a link). */
    public void decided(
        String decision, String comment, String decidedBy, Instant at, UUID linkId) {
      changes.add(
          e -> {
            e.status = ApprovalStatus.DECIDED.name();
            e.decision = decision;
            e.comment = comment;
            e.decidedBy = decidedBy;
            e.decidedAt = at;
            Uni<Integer> used =
                linkId == null
                    ? Uni.createFrom().item(0)
                    : LinkEntity.update("usedAt = ?1 where id = ?2", at, linkId);
            return used.chain(() -> OutboxStore.cancelUnsent(e.id));
          });
    }

    /** Ends the approval without a decision (EXPIRED or CLOSED) for that reason. */
    public void ended(ApprovalStatus status, String reason) {
      changes.add(
          e -> {
            e.status = status.name();
            e.closedReason = reason;
            return OutboxStore.cancelUnsent(e.id);
          });
    }

    public void audit(AuditEntry entry) {
      changes.add(e -> AuditEntity.of(entry).persist());
    }

    private Uni<Void> apply(ApprovalEntity entity) {
      Uni<Void> all = Uni.createFrom().voidItem();
      for (Function<ApprovalEntity, Uni<?>> change : changes) {
        all = all.chain(() -> change.apply(entity)).replaceWithVoid();
      }
      return all;
    }
  }

  private List<ApprovalRecord> visible(List<ApprovalRecord> all) {
    return all.stream().filter(a -> visibility.visible(a.executionArn())).toList();
  }

  private static Optional<ApprovalRecord> record(ApprovalEntity e) {
    return Optional.ofNullable(e).map(ApprovalEntity::record);
  }

  private static List<ApprovalRecord> records(List<ApprovalEntity> rows) {
    return rows.stream().map(ApprovalEntity::record).toList();
  }
}
