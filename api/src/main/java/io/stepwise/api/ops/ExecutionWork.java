package io.stepwise.api.ops;

import io.stepwise.api.persistence.DatabaseOutage;
import org.jboss.logging.Logger;

/**
 * One execution's share of a background loop (a timer's step, a recovery, a gathered answer): run
 * so that nothing it throws ends the loop that serves every other execution. A definition is code
 * an editor wrote, so even an {@link Error} (a StackOverflowError, an OutOfMemoryError from one
 * huge allocation) is taken as that execution's failure: logged with its ARN, and the loop goes on.
 */
public final class ExecutionWork {
  private ExecutionWork() {}

  /**
   * Runs {@code work} in the execution's logging context; returns false when it failed (logged
   * here, as a database outage when it is one).
   */
  public static boolean run(Logger log, String executionArn, String what, Runnable work) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      try {
        work.run();
        return true;
      } catch (Throwable failure) {
        logFailure(log, executionArn, what, failure);
        return false;
      }
    }
  }

  /** Logs a failure of one execution's work: an outage briefly, anything else with its trace. */
  public static void logFailure(Logger log, String executionArn, String what, Throwable failure) {
    if (failure instanceof RuntimeException) {
      DatabaseOutage.warn(log, what + " of " + executionArn + " failed", failure);
    } else {
      log.errorf(failure, "%s of %s failed with %s; the loop goes on", what, executionArn, failure);
    }
  }
}
