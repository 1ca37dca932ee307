package io.stepwise.api.activity;

import io.stepwise.api.activity.PgTaskQueue.ClaimedTask;
import io.stepwise.api.persistence.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls of one resource gathered into one claim: while a claim of the resource is in flight, the
 * polls that arrive wait, and the next claim (one statement, or one transaction) takes up to one
 * task for each of them. An idle server claims for a lone poll at once; a busy one (many workers
 * polling the same resource) scans the queue's head once per batch instead of once per poll, and
 * sends one claim where it sent many.
 *
 * @param <P> what the claim needs of each poll (its worker name, a hook)
 */
final class GatheredClaims<P> {

  /** Claims up to one task per poll, at once; the n-th result is the n-th poll's. */
  @FunctionalInterface
  interface BatchClaim<P> {
    CompletionStage<List<Optional<ClaimedTask>>> claim(String resource, List<P> polls);
  }

  private static final int MAX_BATCH = 100;

  private record Poll<P>(P poll, CompletableFuture<Optional<ClaimedTask>> task) {}

  /** The polls of one resource waiting for the next statement, and whether one is in flight. */
  private static final class Lane<P> {
    final ConcurrentLinkedQueue<Poll<P>> waiting = new ConcurrentLinkedQueue<>();
    final AtomicBoolean inFlight = new AtomicBoolean();
  }

  private final ConcurrentHashMap<String, Lane<P>> lanes = new ConcurrentHashMap<>();
  private final BatchClaim<P> batchClaim;

  GatheredClaims(BatchClaim<P> batchClaim) {
    this.batchClaim = batchClaim;
  }

  /** Claims a task of the resource for this poll, or none when there was none to claim. */
  Optional<ClaimedTask> claim(String resource, P poll) {
    Poll<P> waiting = new Poll<>(poll, new CompletableFuture<>());
    Lane<P> lane = lanes.computeIfAbsent(resource, r -> new Lane<>());
    lane.waiting.add(waiting);
    sendIfIdle(resource, lane);
    return Database.await(waiting.task());
  }

  private void sendIfIdle(String resource, Lane<P> lane) {
    while (!lane.waiting.isEmpty() && lane.inFlight.compareAndSet(false, true)) {
      List<Poll<P>> batch = new ArrayList<>();
      for (Poll<P> p; batch.size() < MAX_BATCH && (p = lane.waiting.poll()) != null; ) {
        batch.add(p);
      }
      if (batch.isEmpty()) {
        lane.inFlight.set(false);
        continue;
      }
      CompletionStage<List<Optional<ClaimedTask>>> claimed;
      try {
        claimed = batchClaim.claim(resource, batch.stream().map(Poll::poll).toList());
      } catch (RuntimeException | Error e) {
        // Even an Error fails only these polls: the lane must not stay busy for every later one.
        claimed = CompletableFuture.failedFuture(e);
      }
      claimed.whenComplete(
          (tasks, failure) -> {
            for (int i = 0; i < batch.size(); i++) {
              if (failure != null) {
                batch.get(i).task().completeExceptionally(failure);
              } else {
                batch.get(i).task().complete(tasks.get(i));
              }
            }
            lane.inFlight.set(false);
            // A lane left idle and empty is dropped; a poll that still holds it sends its own
            // statement, so nothing waits on a lane that is gone.
            if (lane.waiting.isEmpty()) lanes.remove(resource, lane);
            sendIfIdle(resource, lane);
          });
      return;
    }
  }
}
