package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Answers arriving together share one transaction ({@link GatheredAnswers}); each must still get
 * exactly the outcome it would have had alone.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class GatheredAnswersTest {
  final SfnClient sfn = Sfn.client();
  @Inject GatheredAnswers answers;
  @Inject Database db;

  private long shared() {
    return answers.answersShared();
  }

  private long retried() {
    return answers.answersRetriedAlone();
  }

  private String function() {
    return "arn:aws:lambda:us-east-1:123456789012:function:" + Sfn.unique("gathered");
  }

  /** A machine whose one Task state runs the resource. */
  private String oneTaskMachine(String resource) {
    return Sfn.createMachine(
        sfn, "{\"StartAt\":\"W\",\"States\":{\"W\":" + task(resource, "\"End\":true") + "}}");
  }

  private static String task(String resource, String next) {
    return "{\"Type\":\"Task\",\"Resource\":\"" + resource + "\"," + next + "}";
  }

  private List<String> tokens(String resource, int n) {
    List<String> tokens = new ArrayList<>();
    while (tokens.size() < n) {
      String token = sfn.getActivityTask(b -> b.activityArn(resource)).taskToken();
      if (token != null) tokens.add(token);
    }
    return tokens;
  }

  /** SendTaskSuccess: "applied", or the AWS error it was refused with. */
  private String succeed(String token, String output) {
    try {
      sfn.sendTaskSuccess(b -> b.taskToken(token).output(output));
      return "applied";
    } catch (SfnException e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  /**
   * Runs the first call while its task's execution row is held locked (as by a long step), so its
   * answer's transaction waits; the other calls, made meanwhile, gather behind it and share the
   * next transaction. Their results in order.
   */
  private <T> List<Future<T>> gatheredBehindTheFirst(String firstToken, List<Callable<T>> calls)
      throws Exception {
    String execution =
        db.query("SELECT execution_arn FROM tasks WHERE token = $1", firstToken)
            .iterator()
            .next()
            .getString("execution_arn");
    CountDownLatch held = new CountDownLatch(1);
    List<Future<T>> out = new ArrayList<>();
    try (var threads = Executors.newFixedThreadPool(calls.size() + 1)) {
      Future<Object> hold =
          threads.submit(
              () ->
                  db.inTransaction(
                      sql -> {
                        sql.query("SELECT 1 FROM executions WHERE arn = $1 FOR UPDATE", execution);
                        held.countDown();
                        pause(1_500);
                        return null;
                      }));
      held.await();
      out.add(threads.submit(calls.getFirst()));
      pause(300);
      for (Callable<T> call : calls.subList(1, calls.size())) out.add(threads.submit(call));
      hold.get();
    }
    return out;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the calls at the same moment on threads of their own; their results in order. */
  private static <T> List<Future<T>> together(List<Callable<T>> calls) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> out = new ArrayList<>();
    try (var threads = Executors.newFixedThreadPool(calls.size())) {
      for (Callable<T> call : calls) {
        out.add(
            threads.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
    }
    return out;
  }

  @Test
  void manyAnswersAtOnceEachEndTheirOwnExecutionWithTheirOwnOutput() throws Exception {
    String fn = function();
    String machine = oneTaskMachine(fn);
    int n = 30;
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      runs.add(
          sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"k\":" + k + "}"))
              .executionArn());
    }
    long sharedBefore = shared();
    long retriedBefore = retried();
    List<String> tokens = tokens(fn, n);
    List<Callable<Object>> answers = new ArrayList<>();
    for (String token : tokens) {
      answers.add(
          () ->
              sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"token\":\"" + token + "\"}")));
    }
    for (Future<Object> f : gatheredBehindTheFirst(tokens.getFirst(), answers)) f.get();
    assertThat(shared()).as("answers that shared a transaction").isGreaterThan(sharedBefore);
    assertThat(retried()).as("answers retried alone").isEqualTo(retriedBefore);

    ConcurrentHashMap<String, Boolean> outputs = new ConcurrentHashMap<>();
    for (String run : runs) {
      DescribeExecutionResponse d = Sfn.awaitEnd(sfn, run, Duration.ofSeconds(10));
      assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      outputs.put(d.output(), true);
      var types =
          sfn.getExecutionHistory(b -> b.executionArn(run)).events().stream()
              .map(e -> e.type())
              .toList();
      assertThat(types)
          .containsSubsequence(
              HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED,
              HistoryEventType.TASK_STATE_EXITED,
              HistoryEventType.EXECUTION_SUCCEEDED);
    }
    assertThat(outputs.keySet())
        .containsExactlyInAnyOrderElementsOf(
            tokens.stream().map(t -> "{\"token\":\"" + t + "\"}").toList());
  }

  @Test
  void branchesOfOneParallelAnsweredAtOnceAreBothApplied() throws Exception {
    String fn = function();
    int branches = 6;
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < branches; i++) {
      if (i > 0) list.append(',');
      list.append("{\"StartAt\":\"B" + i + "\",\"States\":{\"B" + i + "\":")
          .append(task(fn, "\"End\":true"))
          .append("}}");
    }
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":["
                + list
                + "],\"End\":true}}}");
    String run = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    List<String> tokens = tokens(fn, branches);
    long sharedBefore = shared();
    long retriedBefore = retried();
    List<Callable<Object>> answers = new ArrayList<>();
    for (String token : tokens) {
      answers.add(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("\"" + token + "\"")));
    }
    for (Future<Object> f : gatheredBehindTheFirst(tokens.getFirst(), answers)) f.get();
    // Shared without a retry: the second step of the execution in a transaction read the row its
    // first step wrote (a step computed from the row as it was before would collide with it).
    assertThat(shared()).as("answers that shared a transaction").isGreaterThan(sharedBefore);
    assertThat(retried()).as("answers retried alone").isEqualTo(retriedBefore);
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, run, Duration.ofSeconds(10));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    for (String token : tokens) assertThat(d.output()).contains(token);
  }

  @Test
  void aTokenAnsweredTwiceAtOnceIsAppliedOnceAndTheOtherAnswerTimesOut() throws Exception {
    String fn = function();
    String machine = oneTaskMachine(fn);
    String run = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    String token = tokens(fn, 1).getFirst();
    List<Callable<String>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int k = i;
      answers.add(() -> succeed(token, "{\"answer\":" + k + "}"));
    }
    List<String> results = new ArrayList<>();
    for (Future<String> f : together(answers)) results.add(f.get());
    assertThat(results).containsOnlyOnce("applied");
    assertThat(results).filteredOn(r -> !r.equals("applied")).containsOnly("TaskTimedOut");
    assertThat(Sfn.awaitEnd(sfn, run, Duration.ofSeconds(10)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void anAnswerPostgreSqlRefusesFailsAloneAndTheOthersOfItsBatchAreApplied() throws Exception {
    String fn = function();
    String machine = oneTaskMachine(fn);
    int n = 12;
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      runs.add(sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn());
    }
    List<String> tokens = tokens(fn, n);
    String refused = tokens.get(5);
    // PostgreSQL refuses the writes of one answer's step (as it would a full disk or a broken
    // constraint); the answers gathered with it must not fail with it.
    db.query(
        "CREATE FUNCTION refuse_one_answer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF"
            + " NEW.details LIKE '%"
            + refused
            + "%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$");
    db.query(
        "CREATE TRIGGER refuse_one_answer BEFORE INSERT ON history_events FOR EACH ROW EXECUTE"
            + " FUNCTION refuse_one_answer()");
    long retriedBefore = retried();
    try {
      List<Callable<String>> answers = new ArrayList<>();
      for (String token : tokens) {
        answers.add(() -> succeed(token, "{\"t\":\"" + token + "\"}"));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : gatheredBehindTheFirst(tokens.getFirst(), answers)) {
        results.add(f.get());
      }
      assertThat(retried()).as("answers retried alone").isGreaterThan(retriedBefore);
      for (int i = 0; i < n; i++) {
        if (i == 5) {
          assertThat(results.get(i)).isNotEqualTo("applied");
        } else {
          assertThat(results.get(i)).as("answer %d", i).isEqualTo("applied");
          assertThat(Sfn.awaitEnd(sfn, runs.get(i), Duration.ofSeconds(10)).status())
              .isEqualTo(ExecutionStatus.SUCCEEDED);
        }
      }
    } finally {
      db.query("DROP TRIGGER refuse_one_answer ON history_events");
      db.query("DROP FUNCTION refuse_one_answer()");
    }
    // Nothing of the refused answer was kept: its task is still open and can be answered now.
    sfn.sendTaskSuccess(b -> b.taskToken(refused).output("{\"again\":true}"));
    assertThat(Sfn.awaitEnd(sfn, runs.get(5), Duration.ofSeconds(10)).output())
        .isEqualTo("{\"again\":true}");
  }
}
