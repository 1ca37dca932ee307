package io.stepwise.engine.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * AWS Step Functions' fixed limits that more than one part of Stepwise enforces (the rate quotas,
 * token buckets per team, are api's {@code quota} package): the one place their numbers live (the
 * interpreter, the API's services and the pages read them from here; the worker, which talks to the
 * server only through the public protocol, repeats the payload number in its own client-side
 * check). Source: "Step Functions service quotas" in AWS's developer guide.
 */
public final class AwsLimits {
  private AwsLimits() {}

  /**
   * The largest execution input, state input or output, task result or token answer: 256 KiB of
   * UTF-8 (errors/start_large_input).
   */
  public static final int PAYLOAD_BYTES = 262_144;

  /** CreateStateMachine's and UpdateStateMachine's {@code definition} constraint, in characters. */
  public static final int DEFINITION_CHARACTERS = 1_048_576;

  /** The events of one execution's history; the execution fails at the next one. */
  public static final int HISTORY_EVENTS = 25_000;

  /** How long a Standard execution may run: it ends as TIMED_OUT after a year. */
  public static final Duration STANDARD_DURATION = Duration.ofDays(365);

  /** How long an Express execution may run: it ends as TIMED_OUT after five minutes. */
  public static final Duration EXPRESS_DURATION = Duration.ofMinutes(5);

  /** Whether {@code text} is over {@link #PAYLOAD_BYTES} as UTF-8 (null is not). */
  public static boolean payloadTooLarge(String text) {
    if (text == null || text.length() * 3L <= PAYLOAD_BYTES) return false;
    return text.getBytes(StandardCharsets.UTF_8).length > PAYLOAD_BYTES;
  }
}
