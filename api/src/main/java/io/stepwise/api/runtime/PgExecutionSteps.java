package io.stepwise.api.runtime;

import io.stepwise.api.ops.ExecutionMdc;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.runtime.StepTransactions.Outcome;
import io.stepwise.api.runtime.StepTransactions.RedrivePlan;
import io.stepwise.api.runtime.StepTransactions.Started;
import io.stepwise.engine.interpret.Signal;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The durable runtime as the services use it: every Standard state transition is one step, one
 * PostgreSQL transaction ({@link StepTransactions}), and what the step leaves to do is carried out
 * after its commit ({@link StepEffects}), so no effect is ever seen for a step that did not happen.
 * Answers to tasks arriving together share a transaction ({@link GatheredAnswers}). A step and its
 * effects run with the execution's ARN in the logging context ({@link ExecutionMdc}), so every log
 * line they cause names the execution.
 */
@ApplicationScoped
public class PgExecutionSteps {
  private final StepTransactions steps;
  private final StepEffects effects;
  private final GatheredAnswers answers;

  public PgExecutionSteps(StepTransactions steps, StepEffects effects, GatheredAnswers answers) {
    this.steps = steps;
    this.effects = effects;
    this.answers = answers;
  }

  /**
   * Inserts a new execution and runs its first step in the same transaction (StartExecution); a
   * name already used gives the running execution back when the input is the same, else
   * ExecutionAlreadyExists.
   */
  public Started start(NewExecution execution) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(execution.snapshot().executionArn())) {
      AfterCommit after = new AfterCommit();
      Started started = steps.start(execution, after);
      effects.run(after);
      return started;
    }
  }

  /**
   * Runs the first step of an execution that was inserted without one (a child started by its
   * parent's step); does nothing when it already ran.
   */
  public void startPending(String executionArn) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      effects.startPending(executionArn);
    }
  }

  /**
   * Delivers a signal in a transaction of its own: whichever server process consumes its task or
   * timer row first wins, and a repeated delivery is {@link Outcome#STALE}.
   */
  public Outcome signal(String executionArn, Signal signal) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      AfterCommit after = new AfterCommit();
      Outcome outcome = steps.signal(executionArn, signal, after);
      effects.run(after);
      return outcome;
    }
  }

  /**
   * Delivers a signal inside the caller's transaction (GetActivityTask records ActivityStarted in
   * the transaction that claims the task); the caller carries out {@code after} once it committed
   * ({@link #carryOut}). The caller must either hold the execution row's lock already or lock no
   * other row before it, so locks are always taken execution row first.
   */
  public Outcome signal(Database.Sql sql, String executionArn, Signal signal, AfterCommit after) {
    return steps.signal(sql, executionArn, signal, after);
  }

  /** What a step taken in the caller's transaction leaves to do, empty so far. */
  public AfterCommit effects() {
    return new AfterCommit();
  }

  /** Carries out what steps taken in the caller's transaction left to do, after its commit. */
  public void carryOut(AfterCommit after) {
    effects.run(after);
  }

  /**
   * Delivers a task's answer found by its token alone ({@link Outcome#NO_EXECUTION} when no task
   * has that token), if {@code access} lets it (its refusal is thrown, nothing written). Answers
   * arriving together share one transaction ({@link GatheredAnswers}).
   */
  public Outcome answerTask(String taskToken, Signal signal, TaskAccess access) {
    return answers.answer(taskToken, signal, access);
  }

  /**
   * Replaces the stored snapshot of a stopped execution by one that goes on (RedriveExecution): the
   * events are appended and the commands carried out like any step's.
   */
  public Outcome redrive(String executionArn, RedrivePlan plan) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      AfterCommit after = new AfterCommit();
      Outcome outcome = steps.redrive(executionArn, plan, after);
      effects.run(after);
      return outcome;
    }
  }
}
