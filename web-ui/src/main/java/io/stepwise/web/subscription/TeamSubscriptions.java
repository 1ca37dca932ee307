package io.stepwise.web.subscription;

import io.stepwise.web.page.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Extension point: the page caller's teams' notification subscriptions and their delivery logs (the
 * server's {@code pages.PageSubscriptions} over its Subscriptions service, which checks team and
 * role: viewers see, editors create, delete and replay; another team's subscription does not
 * exist). Without one the subscriptions pages are 404.
 */
public interface TeamSubscriptions {
  /**
   * A subscription without its secret.
   *
   * @param target the webhook URL, or the mail addresses joined by ", "
   * @param failingSince when its deliveries started failing without a success since, or null
   * @param failing whether that has lasted a day (the subscription is marked and its owner mailed)
   */
  record Subscription(
      String id,
      String name,
      String team,
      String eventPattern,
      boolean webhook,
      String target,
      String createdBy,
      Instant createdAt,
      Instant failingSince,
      boolean failing) {}

  /** What an editor asks for: exactly one of a webhook URL and mail addresses. */
  record Spec(String name, String eventPattern, String webhookUrl, List<String> emailTo) {}

  record WithSecret(Subscription subscription, String secret) {}

  /** One attempt to deliver: an HTTP status, or the error (a refused address, a mail failure). */
  record Attempt(Instant at, Integer httpStatus, String error) {}

  /**
   * One event for the subscription and each attempt to deliver it.
   *
   * @param status the execution status the event announces
   */
  record Delivery(
      long id,
      String executionArn,
      String eventId,
      String status,
      String state,
      int attempts,
      Instant createdAt,
      Instant nextAttemptAt,
      Instant deliveredAt,
      List<Attempt> attemptLog) {
    public String executionName() {
      return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }

    public String executionPath() {
      return Paths.execution(executionArn);
    }
  }

  List<Subscription> list();

  Subscription describe(String id);

  WithSecret create(Spec spec);

  void delete(String id);

  /** The newest deliveries first. */
  List<Delivery> deliveries(String id, int limit);

  /** Sends a delivery that is not pending again ({@code delivery}: its id as the URL has it). */
  void replay(String id, String delivery);

  /** What is wrong with an event pattern (the JSON text), or empty when it is one. */
  Optional<String> checkPattern(String eventPattern);
}
