package io.stepwise.web.trigger;

import java.time.Instant;
import java.util.List;

/**
 * Extension point: a state machine's webhook triggers for the page's caller (the server's {@code
 * pages.PageTriggers} over its Triggers service, which checks the caller's team and role: viewers
 * list, editors create, rotate and delete). Without one the machine page lists no triggers. The
 * secret comes back from {@link #create} and {@link #rotate} only, and is shown once.
 */
public interface MachineTriggers {
  /** A trigger without its secret; {@code url} is the address senders call. */
  record Trigger(
      String id,
      String name,
      String url,
      String targetArn,
      String auth,
      String inputFormat,
      String idempotencyKeyPath,
      String createdBy,
      Instant createdAt,
      Instant rotatedAt) {}

  /** A trigger just made or rotated, with its secret. */
  record WithSecret(Trigger trigger, String secret) {}

  /** What an editor asks for; blank {@code auth}, {@code inputFormat} and path take defaults. */
  record Spec(
      String name, String target, String auth, String inputFormat, String idempotencyKeyPath) {}

  /** The machine's triggers (of the machine, its versions and aliases), newest first. */
  List<Trigger> of(String stateMachineArn, String baseUrl);

  WithSecret create(Spec spec, String baseUrl);

  /** A new secret; the old one stops working at once. */
  WithSecret rotate(String id, String baseUrl);

  void delete(String id);
}
