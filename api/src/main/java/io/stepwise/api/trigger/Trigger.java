package io.stepwise.api.trigger;

import java.time.Instant;

/**
 * A webhook trigger as stored, without its secret: {@code POST /hooks/{id}} starts an execution of
 * {@code targetArn} (a state machine, version or alias). It belongs to the team of its state
 * machine, as the machine's versions and aliases do.
 *
 * @param idempotencyKeyPath a JSONPath into the call's JSON body whose value names the execution
 *     when the call has no {@code Idempotency-Key} header; null for none
 */
public record Trigger(
    String id,
    String name,
    String targetArn,
    String stateMachineArn,
    Auth auth,
    InputFormat inputFormat,
    String idempotencyKeyPath,
    String createdBy,
    Instant createdAt,
    Instant rotatedAt) {

  /** How a call proves it knows the secret. */
  public enum Auth {
    /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}, as GitHub signs. */
    HMAC_SHA256,
    /** {@code Authorization: Bearer <secret>}. */
    BEARER
  }

  /** What the execution's input is. */
  public enum InputFormat {
    /** The body itself, which must be JSON. */
    JSON,
    /** {@code {"body": "<the body as text>", "headers": {...}}}, for form or text bodies. */
    RAW
  }
}
