package io.stepwise.worker.poll;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Reports a task's outcome with SendTaskSuccess or SendTaskFailure, applying AWS's limits (a result
 * over 256 KiB becomes {@code States.DataLimitExceeded}; error and cause are cut to the API's
 * maximum lengths) and retrying while the server is unreachable or throttles.
 *
 * <p>Thread-safe.
 */
final class Reporter {

  /**
   * AWS's payload quota for a task result: 256 KiB of UTF-8 JSON (engine-core's {@code
   * AwsLimits.PAYLOAD_BYTES}, repeated: the worker knows the server only by its public protocol).
   */
  static final int MAX_RESULT_BYTES = 256 * 1024;

  static final String ERROR_DATA_LIMIT = "States.DataLimitExceeded";

  /** SendTaskFailure rejects a longer error name or cause with a ValidationException. */
  private static final int MAX_ERROR_CHARS = 256;

  private static final int MAX_CAUSE_CHARS = 32_768;

  private static final Logger LOG = Logger.getLogger(Reporter.class.getName());

  private final SfnClient client;
  private final Duration backoffInitial;
  private final Duration backoffMax;
  private final int attempts;

  Reporter(SfnClient client, Duration backoffInitial, Duration backoffMax, int attempts) {
    this.client = client;
    this.backoffInitial = backoffInitial;
    this.backoffMax = backoffMax;
    this.attempts = attempts;
  }

  void report(ActivityTask task, Outcome outcome) {
    switch (outcome) {
      case Outcome.Succeeded succeeded -> succeed(task, succeeded.output());
      case Outcome.Failed failed -> fail(task, failed.error(), failed.cause());
    }
  }

  void succeed(ActivityTask task, String output) {
    int bytes = output.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_RESULT_BYTES) {
      fail(
          task,
          ERROR_DATA_LIMIT,
          "The task result is "
              + bytes
              + " bytes of UTF-8 JSON, over the maximum of "
              + MAX_RESULT_BYTES
              + " bytes.");
      return;
    }
    send(
        task,
        "success",
        "",
        () -> client.sendTaskSuccess(b -> b.taskToken(task.token()).output(output)));
  }

  void fail(ActivityTask task, String error, String cause) {
    String shortError = cut(error, MAX_ERROR_CHARS);
    String shortCause = cut(cause, MAX_CAUSE_CHARS);
    send(
        task,
        "failure",
        " error=" + shortError,
        () ->
            client.sendTaskFailure(
                b -> b.taskToken(task.token()).error(shortError).cause(shortCause)));
  }

  private void send(ActivityTask task, String kind, String detail, Runnable call) {
    Backoff backoff = new Backoff(backoffInitial, backoffMax, ThreadLocalRandom.current());
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        LOG.info(
            () ->
                "task.reported kind="
                    + kind
                    + detail
                    + " resource="
                    + task.resource()
                    + " token="
                    + task.fingerprint());
        return;
      } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
        // The server already took the task back (timed out, or its execution ended): nothing to do.
        LOG.warning(
            () ->
                "task.report.rejected kind="
                    + kind
                    + " token="
                    + task.fingerprint()
                    + " reason="
                    + e.awsErrorDetails().errorCode());
        return;
      } catch (SdkServiceException e) {
        // A refusal is final, except ThrottlingException (HTTP 400): the server (or AWS) is busy,
        // and the answer is taken after a back-off, as the SDKs' own retries would.
        boolean retryable = e.statusCode() >= 500 || e.isThrottlingException();
        if (!retryable || attempt >= attempts) {
          LOG.log(
              Level.SEVERE,
              "task.report.failed kind="
                  + kind
                  + " token="
                  + task.fingerprint()
                  + " status="
                  + e.statusCode(),
              e);
          return;
        }
      } catch (SdkClientException e) {
        if (attempt >= attempts) {
          LOG.severe(
              "task.report.abandoned kind="
                  + kind
                  + " token="
                  + task.fingerprint()
                  + " attempts="
                  + attempt
                  + " reason="
                  + e.getMessage());
          return;
        }
      }
      Duration delay = backoff.next();
      int failed = attempt;
      LOG.warning(
          () ->
              "task.report.retry kind="
                  + kind
                  + " token="
                  + task.fingerprint()
                  + " attempt="
                  + failed
                  + " delayMs="
                  + delay.toMillis());
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String cut(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max);
  }
}
