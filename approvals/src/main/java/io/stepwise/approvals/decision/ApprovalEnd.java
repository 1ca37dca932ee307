package io.stepwise.approvals.decision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.scheduler.Scheduled;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.LockedApproval;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Ends approvals without a decision: when their links run out (the task fails with {@value
 * #EXPIRED_ERROR}, so Catch can take another path) and when the server withdraws the task.
 */
@ApplicationScoped
public class ApprovalEnd {
  /** The error an approval nobody decided in time fails its task with. */
  public static final String EXPIRED_ERROR = "Approval.Expired";

  private static final Logger LOG = Logger.getLogger(ApprovalEnd.class);

  private final ApprovalStore store;
  private final TaskTokenService tokens;
  private final InstantSource clock;

  @Inject
  public ApprovalEnd(ApprovalStore store, TaskTokenService tokens, InstantSource clock) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Scheduled(
      every = "${stepwise.approvals.expiry-every:15s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    try {
      expireDue();
    } catch (RuntimeException e) {
      LOG.warnf(e, "Expired approvals could not be ended; trying again later");
    }
  }

  /**
   * Fails the tasks of pending approvals whose links have run out. Each is claimed under its row
   * lock, its task failed after the commit (the task service needs a pooled connection of its own),
   * and its end recorded under the lock again.
   */
  public void expireDue() {
    Instant now = clock.instant();
    for (UUID id : store.expiredPending(now, 50)) {
      Optional<ApprovalRecord> claimed =
          store.withLockedApproval(
              id,
              locked -> {
                ApprovalRecord approval = locked.approval();
                if (approval.status() != ApprovalStatus.PENDING
                    || now.isBefore(approval.expiresAt())
                    || locked.answering(now)) {
                  return null;
                }
                locked.answeringUntil(now.plus(LockedApproval.ANSWERING));
                return approval;
              });
      claimed.ifPresent(approval -> expire(approval, now));
    }
  }

  private void expire(ApprovalRecord approval, Instant now) {
    ObjectNode cause = JsonNodeFactory.instance.objectNode();
    cause.put("expiredAt", approval.expiresAt().toString());
    cause.put("message", "Nobody decided before the approval's links expired.");
    ApprovalStatus end = ApprovalStatus.EXPIRED;
    String reason = "expired";
    try {
      tokens.fail(approval.taskToken(), EXPIRED_ERROR, cause.toString());
    } catch (ServiceException e) {
      // The task ended some other way first; the approval just closes.
      end = ApprovalStatus.CLOSED;
      reason = e.code() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      // Not answered: the claim ends and the next sweep tries again.
      store.withLockedApproval(
          approval.id(),
          locked -> {
            locked.answered();
            return true;
          });
      throw e;
    }
    ApprovalStatus ended = end;
    String why = reason;
    store.withLockedApproval(
        approval.id(),
        locked -> {
          locked.answered();
          locked.ended(ended, why);
          locked.audit(
              new AuditEntry(approval.id(), null, now, "system", null, null, ended.name(), why));
          return true;
        });
  }

  /** The server withdrew the task (execution stopped, task timed out): links stop working. */
  public void withdrawn(String taskToken) {
    store
        .approvalForToken(taskToken)
        .ifPresent(
            a ->
                store.withLockedApproval(
                    a.id(),
                    locked -> {
                      if (locked.approval().status() != ApprovalStatus.PENDING) return null;
                      Instant now = clock.instant();
                      String reason =
                          "the task was withdrawn (execution stopped or task timed out)";
                      locked.ended(ApprovalStatus.CLOSED, reason);
                      locked.audit(
                          new AuditEntry(
                              a.id(), null, now, "system", null, null, "CLOSED", reason));
                      return null;
                    }));
  }
}
