package io.stepwise.approvals.store;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An approval held under its row lock by {@link ApprovalStore#withLockedApproval}, with its votes
 * and delegations as they were read under the lock; valid only inside it. Its changes are recorded
 * and written in the same transaction when the work returns, so the work itself does no I/O (it
 * runs inside the transaction: it must not call the task service or read through another store).
 */
public final class LockedApproval {
  /**
   * How long a claim to answer the task lasts ({@link #answeringUntil}): past it, a claim whose
   * node died is ignored and the next attempt asks the task service, which answers a task once.
   */
  public static final Duration ANSWERING = Duration.ofSeconds(30);

  private final ApprovalEntity row;
  private final ApprovalRecord approval;
  private final List<VoteRecord> votes;
  private final Map<String, String> delegations;
  private final List<Supplier<Uni<Void>>> writes = new ArrayList<>();

  LockedApproval(ApprovalEntity row, List<VoteRecord> votes, Map<String, String> delegations) {
    this.row = row;
    this.approval = row.record();
    this.votes = votes;
    this.delegations = delegations;
  }

  public ApprovalRecord approval() {
    return approval;
  }

  /** The votes cast so far, oldest first. */
  public List<VoteRecord> votes() {
    return votes;
  }

  /** Who handed their part to whom so far: delegator (lower case) → delegate. */
  public Map<String, String> delegations() {
    return delegations;
  }

  /** Whether a decider is answering the task now (outside the lock), so others must wait. */
  public boolean answering(Instant now) {
    return row.answeringUntil != null && now.isBefore(row.answeringUntil);
  }

  /**
   * Claims the answering of the task until {@code until}: attempts meanwhile wait ({@link
   * #answering}); the claim ends with {@link #answered()} or runs out.
   */
  public void answeringUntil(Instant until) {
    row.answeringUntil = until;
  }

  /** The task's answer is recorded (or did not go through): the claim ends. */
  public void answered() {
    row.answeringUntil = null;
  }

  /** Records one decider's vote and uses up the link it came through (null: the inbox). */
  public void voted(VoteRecord vote, java.util.UUID linkId) {
    writes.add(() -> VoteStore.insert(vote));
    if (linkId != null) {
      writes.add(
          () ->
              LinkEntity.update("usedAt = ?1 where id = ?2", vote.decidedAt(), linkId)
                  .replaceWithVoid());
    }
  }

  /** Records the decision the deciding vote made (the votes are recorded already). */
  public void decided(VoteRecord deciding) {
    row.status = ApprovalStatus.DECIDED.name();
    row.decision = deciding.decision();
    row.comment = deciding.comment();
    row.decidedBy = deciding.decidedBy();
    row.decidedAt = deciding.decidedAt();
    row.fields = deciding.fields();
    row.closedReason = null;
    writes.add(() -> OutboxStore.cancelUnsent(row.id));
  }

  /** Queues a reminder (number {@code n}) to these recipients, who have not decided yet. */
  public void remind(List<String> recipients, int n, String note, Instant at) {
    row.remindersSent = n;
    writes.add(() -> OutboxStore.queue(row.id, recipients, "REMINDER-" + n, note, at));
  }

  /**
   * Escalation step {@code step} (1-based): adds deciders, with their links, and mails them.
   *
   * @param links one per new recipient and choice
   */
  public void escalated(
      int step,
      List<String> newRecipients,
      List<String> newGroups,
      List<LinkRecord> links,
      String note,
      Instant at) {
    List<String> recipients = new ArrayList<>(approval.recipients());
    recipients.addAll(newRecipients);
    List<String> groups = new ArrayList<>(approval.groups());
    newGroups.stream().filter(g -> !groups.contains(g)).forEach(groups::add);
    row.escalationsDone = step;
    row.recipients = ApprovalEntity.array(recipients);
    row.groups = ApprovalEntity.array(groups);
    writes.add(() -> ApprovalStore.insertLinks(links));
    writes.add(() -> OutboxStore.queue(row.id, newRecipients, "ESCALATION-" + step, note, at));
  }

  /**
   * A decider hands their part to {@code delegate}: the delegate takes their place among the
   * addressed deciders (with links and a mail), the delegator decides nothing more.
   *
   * @param replaced the delegator's address in {@code To}, or null (a group member)
   */
  public void delegated(
      String delegator,
      String replaced,
      String delegate,
      List<LinkRecord> links,
      String note,
      Instant at) {
    List<String> recipients = new ArrayList<>(approval.recipients());
    if (replaced != null) recipients.remove(replaced);
    recipients.add(delegate);
    row.recipients = ApprovalEntity.array(recipients);
    writes.add(() -> VoteStore.insertDelegation(row.id, delegator, delegate, at));
    writes.add(() -> ApprovalStore.insertLinks(links));
    writes.add(() -> OutboxStore.queue(row.id, List.of(delegate), "DELEGATION", note, at));
  }

  /** Ends the approval without a decision (EXPIRED or CLOSED) for that reason. */
  public void ended(ApprovalStatus status, String reason) {
    row.status = status.name();
    row.closedReason = reason;
    writes.add(() -> OutboxStore.cancelUnsent(row.id));
  }

  public void audit(AuditEntry entry) {
    writes.add(() -> AuditStore.insert(entry));
  }

  /** The recorded changes, in order, in the caller's transaction. */
  Uni<Void> write() {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Supplier<Uni<Void>> w : writes) chain = chain.chain(w::get);
    return chain;
  }
}
