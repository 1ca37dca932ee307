package io.stepwise.api.runtime;

import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.api.runtime.StepTransactions.Outcome;
import io.stepwise.engine.interpret.Signal;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tasks' answers (SendTaskSuccess, SendTaskFailure) gathered into one transaction: while one is in
 * flight, the answers that arrive wait, and the next transaction takes them all. It locks their
 * executions in one statement (in ARN order, so two such transactions never deadlock), closes their
 * tasks in another, and writes each answer's step, with one commit; an idle server still answers a
 * lone answer at once. Each answer's outcome is what {@link #answerAlone} would have given it: when
 * the gathered transaction fails, every answer of it is retried in a transaction of its own, so one
 * bad answer cannot fail the others.
 */
@ApplicationScoped
public class GatheredAnswers {
  private static final Logger LOG = Logger.getLogger(GatheredAnswers.class);
  private static final int MAX_BATCH = 64;

  private record Answer(
      String token, Signal signal, TaskAccess access, CompletableFuture<Outcome> outcome) {}

  private final Database db;
  private final TaskTable tasks;
  private final StepTransactions steps;
  private final StepEffects effects;
  private final ConcurrentLinkedQueue<Answer> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean inFlight = new AtomicBoolean();

  /** Answers committed in a transaction they shared with others (counted for tests). */
  private final AtomicLong answersShared = new AtomicLong();

  /** Answers retried alone after their gathered transaction failed (counted for tests). */
  private final AtomicLong answersRetriedAlone = new AtomicLong();

  private final NodeLoad load;

  public GatheredAnswers(
      Database db, TaskTable tasks, StepTransactions steps, StepEffects effects, NodeLoad load) {
    this.db = db;
    this.tasks = tasks;
    this.steps = steps;
    this.effects = effects;
    this.load = load;
  }

  /**
   * Applies the answer to the task with that token if {@code access} lets it; waits until it is
   * committed (or refused).
   */
  Outcome answer(String taskToken, Signal signal, TaskAccess access) {
    Answer answer = new Answer(taskToken, signal, access, new CompletableFuture<>());
    waiting.add(answer);
    load.stepsQueued(1);
    // Nothing in flight: this caller's thread runs the batch its own answer is in.
    if (inFlight.compareAndSet(false, true)) runBatch();
    return Database.await(answer.outcome());
  }

  /** Runs one batch, then hands the answers that arrived meanwhile to a thread of their own. */
  private void runBatch() {
    List<Answer> batch = take();
    try {
      if (!batch.isEmpty()) run(batch);
    } catch (Throwable t) {
      // No caller may wait forever: whatever was not answered learns why. An Error is not
      // rethrown: this may be the thread that carries the batches of every other answer.
      for (Answer a : batch) a.outcome().completeExceptionally(t);
      LOG.errorf(t, "a batch of %d gathered answers failed", batch.size());
    } finally {
      inFlight.set(false);
      if (!waiting.isEmpty() && inFlight.compareAndSet(false, true)) {
        Thread.ofVirtual().name("stepwise-answers").start(this::runBatch);
      }
    }
  }

  long answersShared() {
    return answersShared.get();
  }

  long answersRetriedAlone() {
    return answersRetriedAlone.get();
  }

  /**
   * The waiting answers, at most {@link #MAX_BATCH}; a second answer for a token already in the
   * batch stays for the next one (the first decides whether it finds the task open).
   */
  private List<Answer> take() {
    List<Answer> batch = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    List<Answer> later = new ArrayList<>();
    for (Answer a; batch.size() < MAX_BATCH && (a = waiting.poll()) != null; ) {
      (tokens.add(a.token()) ? batch : later).add(a);
    }
    waiting.addAll(later);
    load.stepsQueued(-batch.size());
    return batch;
  }

  private void run(List<Answer> batch) {
    if (batch.size() == 1) {
      Answer only = batch.getFirst();
      complete(only, () -> answerAlone(only.token(), only.signal(), only.access()));
      return;
    }
    List<AfterCommit> afters = new ArrayList<>();
    List<Outcome> outcomes;
    try {
      outcomes = db.inTransaction(sql -> applyAll(sql, batch, afters));
    } catch (RuntimeException | Error e) {
      // Nothing of the gathered transaction was committed: each answer gets one of its own, so
      // the one that failed it (or that its TaskAccess refused) fails alone, with its own error.
      LOG.debugf(e, "%d gathered answers retried one by one", batch.size());
      answersRetriedAlone.addAndGet(batch.size());
      for (Answer a : batch) complete(a, () -> answerAlone(a.token(), a.signal(), a.access()));
      return;
    }
    answersShared.addAndGet(batch.size());
    for (int i = 0; i < batch.size(); i++) batch.get(i).outcome().complete(outcomes.get(i));
    effects.runEach(afters);
  }

  private static void complete(Answer answer, Supplier<Outcome> work) {
    try {
      answer.outcome().complete(work.get());
    } catch (RuntimeException | Error e) {
      answer.outcome().completeExceptionally(e);
    }
  }

  /**
   * One answer in a transaction of its own, which finds the task, locks its execution and takes the
   * step.
   */
  Outcome answerAlone(String taskToken, Signal signal, TaskAccess access) {
    AfterCommit after = new AfterCommit();
    Outcome outcome =
        db.inTransaction(
            sql -> {
              // Both statements travel together; the connection runs them in this order, so the
              // execution row is locked before the task row, as in every step.
              Database.Pending execution =
                  tasks.submitLockExecutionOf(sql, taskToken, StepWriter.Context.COLUMNS_OF_E);
              Database.Pending closed =
                  tasks.submitClose(sql, taskToken, StepTransactions.closedState(signal));
              for (Row row : execution.rows()) {
                // A refusal rolls back the closing of the task too.
                access.check(row.getString("arn"), row.getString("task_resource"));
                if (closed.rows().rowCount() != 1) return Outcome.STALE;
                return steps.signalLocked(sql, row, signal, after, true);
              }
              return Outcome.NO_EXECUTION;
            });
    effects.run(after);
    return outcome;
  }

  /**
   * One transaction's work: locks every answer's execution (ARN order), closes every answer's task,
   * then writes the steps ({@link StepTransactions#stepEach}).
   */
  private List<Outcome> applyAll(Database.Sql sql, List<Answer> batch, List<AfterCommit> afters) {
    String[] tokens = batch.stream().map(Answer::token).toArray(String[]::new);
    String[] states =
        batch.stream().map(a -> StepTransactions.closedState(a.signal())).toArray(String[]::new);
    Database.Pending locked =
        tasks.submitLockExecutionsOf(sql, tokens, StepWriter.Context.COLUMNS_OF_E);
    Database.Pending closed = tasks.submitCloseAll(sql, tokens, states);
    Map<String, Row> executionOf = new HashMap<>();
    for (Row row : locked.rows()) executionOf.put(row.getString("token"), row);
    Set<String> open = new HashSet<>();
    for (Row row : closed.rows()) open.add(row.getString("token"));

    List<StepTransactions.Locked> signals = new ArrayList<>(batch.size());
    for (Answer a : batch) {
      Row execution = executionOf.get(a.token());
      if (execution != null) {
        a.access().check(execution.getString("arn"), execution.getString("task_resource"));
      }
      signals.add(new StepTransactions.Locked(execution, a.signal(), open.contains(a.token())));
    }
    return steps.stepEach(sql, signals, afters);
  }
}
