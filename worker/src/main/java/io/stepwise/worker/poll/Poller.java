package io.stepwise.worker.poll;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/**
 * The long-poll loop of one resource: waits for a free slot, calls GetActivityTask, and hands a
 * task it receives to the worker; while the server is unreachable it backs off exponentially.
 *
 * <p>A slot is taken before the poll, so the worker never receives a task it has no thread for.
 */
final class Poller implements Runnable {

  private static final Logger LOG = Logger.getLogger(Poller.class.getName());

  private final String resource;
  private final Worker worker;
  private final SfnClient client;
  private final Backoff backoff;

  Poller(
      String resource,
      Worker worker,
      SfnClient client,
      Duration backoffInitial,
      Duration backoffMax) {
    this.resource = resource;
    this.worker = worker;
    this.client = client;
    this.backoff = new Backoff(backoffInitial, backoffMax, ThreadLocalRandom.current());
  }

  @Override
  public void run() {
    while (worker.isPolling()) {
      try {
        worker.slots().acquire();
      } catch (InterruptedException e) {
        return;
      }
      boolean handedOver = false;
      try {
        if (!worker.isPolling()) {
          return;
        }
        GetActivityTaskResponse response = poll();
        if (response != null && response.taskToken() != null && !response.taskToken().isEmpty()) {
          handedOver =
              worker.accept(new ActivityTask(response.taskToken(), resource, response.input()));
        }
      } finally {
        if (!handedOver) {
          worker.slots().release();
        }
      }
    }
  }

  /** One GetActivityTask call; {@code null} after a failure, once the backoff delay has passed. */
  private GetActivityTaskResponse poll() {
    try {
      GetActivityTaskResponse response =
          client.getActivityTask(b -> b.activityArn(resource).workerName(worker.name()));
      if (backoff.failures() > 0) {
        LOG.info(() -> "poll.reconnected resource=" + resource);
      }
      backoff.reset();
      return response;
    } catch (SdkException e) {
      if (!worker.isPolling()) {
        return null; // shutdown closed the client under the long poll
      }
      Duration delay = backoff.next();
      String reason =
          e instanceof SdkServiceException service
              ? "status=" + service.statusCode() + " " + e.getMessage()
              : e.getMessage();
      LOG.warning(
          () ->
              "poll.failed resource="
                  + resource
                  + " failures="
                  + backoff.failures()
                  + " delayMs="
                  + delay.toMillis()
                  + " reason="
                  + reason);
      worker.pause(delay);
      return null;
    }
  }
}
