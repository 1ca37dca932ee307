package io.stepwise.api.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.api.activity.PgTaskQueue.ClaimedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatheredClaimsTest {

  /** A claim statement the test answers by hand. */
  private record Statement(
      String resource,
      List<String> workerNames,
      CompletableFuture<List<Optional<ClaimedTask>>> result) {}

  private final LinkedBlockingQueue<Statement> sent = new LinkedBlockingQueue<>();
  private final GatheredClaims<String> claims =
      new GatheredClaims<>(
          (resource, names) -> {
            Statement s = new Statement(resource, names, new CompletableFuture<>());
            sent.add(s);
            return s.result();
          });
  private final ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    polls.shutdownNow();
  }

  private Future<Optional<ClaimedTask>> poll(String resource, String worker) {
    return polls.submit(() -> claims.claim(resource, worker));
  }

  private static ClaimedTask task(String token) {
    return new ClaimedTask(token, "arn:exec:" + token, "{}", "FUNCTION", false, null);
  }

  private Statement next() throws InterruptedException {
    Statement s = sent.poll(5, TimeUnit.SECONDS);
    assertThat(s).as("a claim statement was sent").isNotNull();
    return s;
  }

  @Test
  void aLonePollIsClaimedAtOnceAndPollsArrivingMeanwhileShareTheNextStatement() throws Exception {
    Future<Optional<ClaimedTask>> first = poll("fn", "w0");
    Statement firstStatement = next();
    assertThat(firstStatement.workerNames()).containsExactly("w0");

    List<Future<Optional<ClaimedTask>>> later = new ArrayList<>();
    for (int i = 1; i <= 5; i++) later.add(poll("fn", "w" + i));
    // While the first statement is in flight no second one is sent: the five polls wait for it.
    Thread.sleep(200);
    assertThat(sent).isEmpty();

    firstStatement.result().complete(List.of(Optional.of(task("t0"))));
    assertThat(first.get(5, TimeUnit.SECONDS)).contains(task("t0"));

    Statement gathered = next();
    assertThat(gathered.workerNames()).containsExactlyInAnyOrder("w1", "w2", "w3", "w4", "w5");
    // Fewer tasks than polls: the ones without a task get none, each of the others its own.
    List<Optional<ClaimedTask>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(
          i < 3 ? Optional.of(task("for-" + gathered.workerNames().get(i))) : Optional.empty());
    }
    gathered.result().complete(answers);
    List<String> tokens = new ArrayList<>();
    int empty = 0;
    for (int i = 0; i < later.size(); i++) {
      Optional<ClaimedTask> got = later.get(i).get(5, TimeUnit.SECONDS);
      if (got.isPresent()) {
        assertThat(got.get().token()).isEqualTo("for-w" + (i + 1));
        tokens.add(got.get().token());
      } else {
        empty++;
      }
    }
    assertThat(tokens).hasSize(3).doesNotHaveDuplicates();
    assertThat(empty).isEqualTo(2);
  }

  @Test
  void resourcesAreGatheredSeparately() throws Exception {
    Future<Optional<ClaimedTask>> a = poll("fn-a", "w");
    Future<Optional<ClaimedTask>> b = poll("fn-b", "w");
    Statement one = next();
    Statement two = next();
    assertThat(List.of(one.resource(), two.resource())).containsExactlyInAnyOrder("fn-a", "fn-b");
    one.result().complete(List.of(Optional.empty()));
    two.result().complete(List.of(Optional.empty()));
    assertThat(a.get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(b.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aFailedStatementFailsItsPollsAndTheNextPollSendsAgain() throws Exception {
    Future<Optional<ClaimedTask>> first = poll("fn", "w0");
    Statement failing = next();
    Future<Optional<ClaimedTask>> waiting = poll("fn", "w1");
    Thread.sleep(100);
    failing.result().completeExceptionally(new IllegalStateException("connection lost"));
    assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("connection lost");
    // The poll that waited behind the failed statement gets its own.
    Statement retry = next();
    assertThat(retry.workerNames()).containsExactly("w1");
    retry.result().complete(List.of(Optional.of(task("t1"))));
    assertThat(waiting.get(5, TimeUnit.SECONDS)).contains(task("t1"));
  }
}
