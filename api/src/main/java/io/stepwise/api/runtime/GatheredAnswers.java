package io.stepwise.api.runtime;

import io.stepwise.api.persistence.Database;
import io.stepwise.api.runtime.PgExecutionSteps.Outcome;
import io.stepwise.engine.interpret.Signal;
import io.vertx.mutiny.sqlclient.Row;
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
import org.jboss.logging.Logger;

/**
 * Tasks' answers (SendTaskSuccess, SendTaskFailure) gathered into one transaction: while one is in
 * flight, the answers that arrive wait, and the next transaction takes them all. It locks their
 * executions in one statement (in ARN order, so two such transactions never deadlock), closes their
 * tasks in another, and writes each answer's step, with one commit; an idle server still answers a
 * lone answer at once. Each answer's outcome is what {@link PgExecutionSteps#answerTaskAlone} would
 * have given it: when the gathered transaction fails, every answer of it is retried in a
 * transaction of its own, so one bad answer cannot fail the others.
 */
final class GatheredAnswers {
  private static final Logger LOG = Logger.getLogger(GatheredAnswers.class);
  private static final int MAX_BATCH = 64;

  private record Answer(
      String token, Signal signal, TaskAccess access, CompletableFuture<Outcome> outcome) {}

  private final Database db;
  private final PgExecutionSteps steps;
  private final ConcurrentLinkedQueue<Answer> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean inFlight = new AtomicBoolean();

  /** Answers committed in a transaction they shared with others (counted for tests). */
  private final AtomicLong answersShared = new AtomicLong();

  /** Answers retried alone after their gathered transaction failed (counted for tests). */
  private final AtomicLong answersRetriedAlone = new AtomicLong();

  GatheredAnswers(Database db, PgExecutionSteps steps) {
    this.db = db;
    this.steps = steps;
  }

  /**
   * Applies the answer to the task with that token if {@code access} lets it; waits until it is
   * committed (or refused).
   */
  Outcome answer(String taskToken, Signal signal, TaskAccess access) {
    Answer answer = new Answer(taskToken, signal, access, new CompletableFuture<>());
    waiting.add(answer);
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
    return batch;
  }

  private void run(List<Answer> batch) {
    if (batch.size() == 1) {
      Answer only = batch.getFirst();
      complete(only, () -> steps.answerTaskAlone(only.token(), only.signal(), only.access()));
      return;
    }
    List<StepEffects.Batch> effects = new ArrayList<>();
    List<Outcome> outcomes;
    try {
      outcomes = db.inTransaction(sql -> applyAll(sql, batch, effects));
    } catch (RuntimeException | Error e) {
      // Nothing of the gathered transaction was committed: each answer gets one of its own, so
      // the one that failed it (or that its TaskAccess refused) fails alone, with its own error.
      LOG.debugf(e, "%d gathered answers retried one by one", batch.size());
      answersRetriedAlone.addAndGet(batch.size());
      for (Answer a : batch)
        complete(a, () -> steps.answerTaskAlone(a.token(), a.signal(), a.access()));
      return;
    }
    answersShared.addAndGet(batch.size());
    for (int i = 0; i < batch.size(); i++) batch.get(i).outcome().complete(outcomes.get(i));
    // Committed: an effect that fails (a notification, a wake-up) must not turn the answers into
    // errors; the recovery sweep and the pollers' periodic look make up for a lost one.
    for (StepEffects.Batch e : effects) {
      try {
        e.run();
      } catch (Throwable failure) {
        LOG.warn("an after-commit effect of a gathered answer failed", failure);
      }
    }
  }

  private static void complete(Answer answer, java.util.function.Supplier<Outcome> work) {
    try {
      answer.outcome().complete(work.get());
    } catch (RuntimeException | Error e) {
      answer.outcome().completeExceptionally(e);
    }
  }

  /**
   * One transaction's work: locks every answer's execution (ARN order), closes every answer's task,
   * then writes the steps. An execution with several answers in the batch (the branches of a
   * Parallel) takes them one after the other, each reading the row its previous step wrote.
   */
  private List<Outcome> applyAll(
      Database.Sql sql, List<Answer> batch, List<StepEffects.Batch> effects) {
    String[] tokens = batch.stream().map(Answer::token).toArray(String[]::new);
    String[] states =
        batch.stream().map(a -> PgExecutionSteps.closedState(a.signal())).toArray(String[]::new);
    Database.Pending locked =
        sql.submit(
            "SELECT t.token, "
                + StepWriter.Context.COLUMNS_OF_E
                + ", "
                + PgExecutionSteps.TASK_RESOURCE
                + " FROM tasks t JOIN executions e ON e.arn = t.execution_arn"
                + " WHERE t.token = ANY($1::text[]) ORDER BY e.arn FOR UPDATE OF e",
            (Object) tokens);
    Database.Pending closed =
        sql.submit(
            "UPDATE tasks SET state = a.state, closed_at = now() FROM unnest($1::text[],"
                + " $2::text[]) AS a(token, state) WHERE tasks.token = a.token AND tasks.state IN"
                + " ('OPEN', 'CLAIMED') RETURNING tasks.token",
            tokens,
            states);
    Map<String, Row> executionOf = new HashMap<>();
    for (Row row : locked.rows()) executionOf.put(row.getString("token"), row);
    Set<String> open = new HashSet<>();
    for (Row row : closed.rows()) open.add(row.getString("token"));

    List<Outcome> outcomes = new ArrayList<>(batch.size());
    Set<String> stepped = new HashSet<>();
    for (Answer a : batch) {
      Row execution = executionOf.get(a.token());
      if (execution == null) {
        outcomes.add(Outcome.NO_EXECUTION);
        continue;
      }
      a.access().check(execution.getString("arn"), execution.getString("task_resource"));
      if (!open.contains(a.token())) {
        outcomes.add(Outcome.STALE);
        continue;
      }
      if (!stepped.add(execution.getString("arn"))) {
        // An earlier answer of this batch stepped the same execution: read what it wrote.
        execution = PgExecutionSteps.lock(sql, execution.getString("arn"));
      }
      StepEffects.Batch effect = steps.effects();
      effects.add(effect);
      outcomes.add(steps.signalLocked(sql, execution, a.signal(), effect, true));
    }
    return outcomes;
  }
}
