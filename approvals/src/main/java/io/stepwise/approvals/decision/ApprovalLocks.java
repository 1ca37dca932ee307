package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.LockedApproval;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs an attempt's work under the approval's row lock (so it is made once, across nodes), and
 * again while another attempt answers the task, as the lock itself made attempts wait.
 */
@ApplicationScoped
class ApprovalLocks {
  /** How long attempts wait for another attempt answering the task: past the claim, and a bit. */
  private static final Duration MAX_WAIT = LockedApproval.ANSWERING.plusSeconds(5);

  private static final Duration WAIT_STEP = Duration.ofMillis(50);

  private final ApprovalStore store;

  ApprovalLocks(ApprovalStore store) {
    this.store = store;
  }

  /** The work's verdict; empty when there is no such approval. */
  Optional<Verdict> underLock(UUID approvalId, Function<LockedApproval, Verdict> work) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    while (true) {
      Optional<Verdict> verdict = store.withLockedApproval(approvalId, work);
      if (verdict.isEmpty() || verdict.get() != Verdict.WAIT) return verdict;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("another decision on this approval is still being made");
      }
      try {
        Thread.sleep(WAIT_STEP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for another decision", e);
      }
    }
  }
}
