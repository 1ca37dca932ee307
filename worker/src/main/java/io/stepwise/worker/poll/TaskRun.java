package io.stepwise.worker.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.worker.TaskFailure;
import io.stepwise.worker.TaskHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * One task being run: calls the handler, sends heartbeats meanwhile, and reports the outcome
 * exactly once, unless the task was taken back first (the server said it timed out, or the worker
 * shut down), in which case the handler's thread is interrupted and its outcome dropped.
 */
final class TaskRun implements Runnable {

  private static final Logger LOG = Logger.getLogger(TaskRun.class.getName());

  private final ActivityTask task;
  private final TaskHandler handler;
  private final SfnClient client;
  private final Reporter reporter;
  private final ScheduledExecutorService heartbeats;
  private final Duration heartbeatInterval;
  private final ObjectMapper json;

  /** Set once by whoever decides the task's fate: the run itself, a heartbeat, or shutdown. */
  private final AtomicBoolean settled = new AtomicBoolean();

  /** Guarded by {@code this}: the handler's thread, while it may be interrupted. */
  private Thread handlerThread;

  TaskRun(
      ActivityTask task,
      TaskHandler handler,
      SfnClient client,
      Reporter reporter,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      ObjectMapper json) {
    this.task = task;
    this.handler = handler;
    this.client = client;
    this.reporter = reporter;
    this.heartbeats = heartbeats;
    this.heartbeatInterval = heartbeatInterval;
    this.json = json;
  }

  ActivityTask task() {
    return task;
  }

  @Override
  public void run() {
    synchronized (this) {
      handlerThread = Thread.currentThread();
    }
    long started = System.nanoTime();
    LOG.info(() -> "task.started resource=" + task.resource() + " token=" + task.fingerprint());
    long interval = heartbeatInterval.toMillis();
    ScheduledFuture<?> beating =
        heartbeats.scheduleWithFixedDelay(
            this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    Outcome outcome;
    try {
      outcome = execute();
    } finally {
      beating.cancel(false);
      synchronized (this) {
        handlerThread = null;
        // A take-back may have interrupted us just before: do not carry that into the next task.
        Thread.interrupted();
      }
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    if (!settled.compareAndSet(false, true)) {
      LOG.info(
          () ->
              "task.dropped resource="
                  + task.resource()
                  + " token="
                  + task.fingerprint()
                  + " ms="
                  + millis);
      return;
    }
    Outcome done = outcome;
    LOG.info(
        () ->
            "task.finished resource="
                + task.resource()
                + " token="
                + task.fingerprint()
                + " ms="
                + millis
                + " outcome="
                + (done instanceof Outcome.Failed f ? "failed error=" + f.error() : "succeeded"));
    reporter.report(task, outcome);
  }

  /**
   * Takes the task away from its handler: interrupts it and makes sure its outcome is not reported.
   *
   * @return whether this call settled the task (false: it was already reported or taken back)
   */
  boolean takeBack() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    synchronized (this) {
      if (handlerThread != null) {
        handlerThread.interrupt();
      }
    }
    return true;
  }

  private Outcome execute() {
    JsonNode input;
    try {
      input = task.input() == null ? NullNode.getInstance() : json.readTree(task.input());
    } catch (JsonProcessingException e) {
      return new Outcome.Failed("States.Runtime", "The task input is not valid JSON.");
    }
    try {
      JsonNode output = handler.handle(input);
      return new Outcome.Succeeded(
          json.writeValueAsString(output == null ? NullNode.getInstance() : output));
    } catch (TaskFailure failure) {
      return new Outcome.Failed(failure.error(), failure.cause());
    } catch (Exception | StackOverflowError e) {
      // As AWS Lambda reports an unhandled exception: the class name is the error name.
      ObjectNode cause = json.createObjectNode();
      cause.put("errorMessage", e.getMessage());
      cause.put("errorType", e.getClass().getName());
      return new Outcome.Failed(e.getClass().getName(), cause.toString());
    }
  }

  private void heartbeat() {
    if (settled.get()) {
      return;
    }
    try {
      client.sendTaskHeartbeat(b -> b.taskToken(task.token()));
      LOG.fine(() -> "task.heartbeat token=" + task.fingerprint());
    } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
      if (takeBack()) {
        LOG.warning(
            () ->
                "task.takenBack resource="
                    + task.resource()
                    + " token="
                    + task.fingerprint()
                    + " reason="
                    + e.awsErrorDetails().errorCode());
      }
    } catch (SdkException e) {
      // The server may be restarting; the next beat may get through before HeartbeatSeconds runs
      // out.
      LOG.warning(
          () -> "task.heartbeat.failed token=" + task.fingerprint() + " reason=" + e.getMessage());
    }
  }
}
