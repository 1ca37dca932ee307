package io.stepwise.api.notification;

import java.time.Instant;
import java.util.List;

/**
 * A subscription to execution status changes, as stored without its signing secret: the events of
 * its team's executions (every team's for an admin's, {@code team} null) that its EventBridge
 * pattern matches go to its target, a webhook or e-mail addresses.
 *
 * @param ownerEmail the verified mail address of the editor who made it (told when it has failed
 *     for a day); null when the identity provider gave none
 * @param failingSince when deliveries started failing without a success since; null when healthy
 */
public record Subscription(
    String id,
    String name,
    String team,
    String eventPattern,
    Target target,
    String webhookUrl,
    List<String> emailTo,
    String createdBy,
    String ownerEmail,
    Instant createdAt,
    Instant failingSince) {

  /** How long deliveries fail, without a success, before the subscription is marked failing. */
  public static final java.time.Duration FAILING_AFTER = java.time.Duration.ofDays(1);

  /** Whether its deliveries have failed for a day without a success. */
  public boolean failing(Instant now) {
    return failingSince != null && failingSince.isBefore(now.minus(FAILING_AFTER));
  }

  public enum Target {
    WEBHOOK,
    EMAIL
  }
}
