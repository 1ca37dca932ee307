package io.stepwise.api.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authentication.ServerKey;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.notification.store.PgSubscriptions;
import io.stepwise.api.runtime.ServerOutbound;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.outbound.OutboundRefused;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The subscription service: an editor subscribes their team to its executions' status changes; the
 * team's members see its subscriptions and their delivery logs; another team's subscription does
 * not exist for the caller. A webhook's URL must be one the server's outbound policy lets it reach
 * ({@code stepwise.outbound.allowed-hosts}), checked when the subscription is made and again at
 * every delivery. The signing secret is shown once and kept sealed with the server key.
 */
@ApplicationScoped
public class Subscriptions {
  private static final int MAX_NAME = 80;
  private static final int MAX_ADDRESSES = 20;
  private static final Pattern ADDRESS =
      Pattern.compile("[^@\\s,<>\"]+@[^@\\s,<>\"]+\\.[^@\\s,<>\"]+");

  private final PgSubscriptions store;
  private final DeliveryLog log;
  private final Authorizer authorizer;
  private final ServerKey serverKey;
  private final ServerOutbound outbound;
  private final AuditLog audit;

  public Subscriptions(
      PgSubscriptions store,
      DeliveryLog log,
      Authorizer authorizer,
      ServerKey serverKey,
      ServerOutbound outbound,
      AuditLog audit) {
    this.store = store;
    this.log = log;
    this.authorizer = authorizer;
    this.serverKey = serverKey;
    this.outbound = outbound;
    this.audit = audit;
  }

  /** What a caller asks for: a webhook URL or e-mail addresses (exactly one of them). */
  public record Spec(String name, JsonNode eventPattern, String webhookUrl, List<String> emailTo) {}

  /** A new subscription with its signing secret, which is never shown again. */
  public record WithSecret(Subscription subscription, String secret) {}

  public WithSecret create(Caller caller, Spec spec) {
    String team = authorizer.teamForNew(caller, "CreateSubscription", null, Optional.empty());
    String name = spec.name();
    if (name == null
        || name.isBlank()
        || name.length() > MAX_NAME
        || name.chars().anyMatch(Character::isISOControl)) {
      throw invalid(
          "name is required: 1 to " + MAX_NAME + " characters without control characters");
    }
    JsonNode pattern = spec.eventPattern() == null ? Json.object() : spec.eventPattern();
    try {
      EventPattern.compile(pattern);
    } catch (EventPattern.InvalidPattern e) {
      throw invalid(e.getMessage());
    }
    boolean webhook = spec.webhookUrl() != null;
    boolean email = spec.emailTo() != null && !spec.emailTo().isEmpty();
    if (webhook == email) {
      throw invalid("target must be {\"webhook\": {\"url\": ...}} or {\"email\": {\"to\": [...]}}");
    }
    List<String> to = new ArrayList<>();
    if (webhook) {
      try {
        outbound.policy().checkUrl(spec.webhookUrl());
      } catch (OutboundRefused e) {
        throw invalid("target.webhook.url: " + e.getMessage());
      }
    } else {
      if (spec.emailTo().size() > MAX_ADDRESSES) {
        throw invalid("target.email.to takes at most " + MAX_ADDRESSES + " addresses");
      }
      for (String a : spec.emailTo()) {
        if (a == null || !ADDRESS.matcher(a).matches()) {
          throw invalid("target.email.to: '" + a + "' is not a mail address");
        }
        to.add(a);
      }
    }
    Subscription s =
        new Subscription(
            ServerKey.randomToken(15),
            name,
            team,
            Json.write(pattern),
            webhook ? Subscription.Target.WEBHOOK : Subscription.Target.EMAIL,
            webhook ? spec.webhookUrl() : null,
            List.copyOf(to),
            caller.name(),
            caller.email(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            null);
    String secret = ServerKey.randomToken(32);
    store.insert(s, serverKey.seal(secret, context(s.id())));
    changed(caller, "CreateSubscription", s);
    return new WithSecret(s, secret);
  }

  /** What is wrong with a pattern given as JSON text, or empty when it compiles. */
  public Optional<String> checkPattern(String patternJson) {
    if (patternJson != null && patternJson.length() > EventPattern.MAX_CHARS) {
      return Optional.of("eventPattern is longer than " + EventPattern.MAX_CHARS + " characters");
    }
    JsonNode pattern;
    try {
      pattern = Json.parse(patternJson);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.of(Validation.notJson("eventPattern", e));
    }
    try {
      EventPattern.compile(pattern);
      return Optional.empty();
    } catch (EventPattern.InvalidPattern e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The subscriptions of the caller's teams (all, for an admin). */
  public List<Subscription> list(Caller caller) {
    authorizer.require(caller, "ListSubscriptions", Permission.VIEW, null);
    return store.all().stream().filter(s -> visibleTo(caller, s)).toList();
  }

  public Subscription describe(Caller caller, String id) {
    return visible(caller, id, "DescribeSubscription", Permission.VIEW);
  }

  public void delete(Caller caller, String id) {
    Subscription s = visible(caller, id, "DeleteSubscription", Permission.EDIT);
    store.delete(s.id());
    changed(caller, "DeleteSubscription", s);
  }

  /** The subscription's delivery log, newest first. */
  public List<DeliveryLog.Delivery> deliveries(Caller caller, String id, int limit) {
    Subscription s = visible(caller, id, "ListDeliveries", Permission.VIEW);
    return log.of(s.id(), Math.max(1, Math.min(limit, 500)));
  }

  /**
   * Sends a delivery again (failed or not): the editor role. A delivery id that is no number names
   * no delivery.
   */
  public void replay(Caller caller, String id, String delivery) {
    long deliveryId;
    try {
      deliveryId = Long.parseLong(delivery);
    } catch (NumberFormatException e) {
      throw new ServiceException("ResourceNotFound", "Delivery not found: '" + delivery + "'");
    }
    replay(caller, id, deliveryId);
  }

  /** Sends a delivery again (failed or not): the editor role. */
  public void replay(Caller caller, String id, long deliveryId) {
    Subscription s = visible(caller, id, "ReplayDelivery", Permission.EDIT);
    if (!log.replay(s.id(), deliveryId)) {
      throw new ServiceException(
          "ConflictException",
          "Delivery " + deliveryId + " of subscription " + id + " is pending already or unknown");
    }
    changed(caller, "ReplayDelivery", s);
  }

  /** The signing secret, opened for a delivery (never shown). */
  String secretOf(PgSubscriptions.Stored stored) {
    return serverKey.open(stored.sealedSecret(), context(stored.subscription().id()));
  }

  private Subscription visible(Caller caller, String id, String action, Permission permission) {
    authorizer.require(caller, action, Permission.VIEW, null);
    Subscription s =
        id == null ? null : store.find(id).map(PgSubscriptions.Stored::subscription).orElse(null);
    if (s == null || !visibleTo(caller, s)) {
      throw new ServiceException("ResourceNotFound", "Subscription not found: '" + id + "'");
    }
    authorizer.require(caller, action, permission, null);
    return s;
  }

  /** An admin sees every subscription; anybody else their teams'. */
  static boolean visibleTo(Caller caller, Subscription s) {
    return caller.isAdmin() || (s.team() != null && caller.teams().contains(s.team()));
  }

  private void changed(Caller caller, String action, Subscription s) {
    if (caller.kind() == Caller.Kind.SYSTEM) return;
    audit.record(caller, action, "subscription " + s.id(), "ok", s.name());
  }

  private static String context(String id) {
    return "subscription:" + id;
  }

  private static ServiceException invalid(String message) {
    return new ServiceException("ValidationException", message);
  }
}
