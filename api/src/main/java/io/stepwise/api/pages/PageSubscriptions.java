package io.stepwise.api.pages;

import io.stepwise.api.authentication.Callers;
import io.stepwise.api.notification.DeliveryLog;
import io.stepwise.api.notification.Subscriptions;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.subscription.TeamSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * web-ui's {@link TeamSubscriptions}: the {@link Subscriptions} service called with the page
 * request's caller (the service narrows to the caller's teams and checks the role).
 */
@ApplicationScoped
public class PageSubscriptions implements TeamSubscriptions {
  private final Subscriptions subscriptions;
  private final Callers callers;
  private final InstantSource clock;

  public PageSubscriptions(Subscriptions subscriptions, Callers callers, InstantSource clock) {
    this.subscriptions = subscriptions;
    this.callers = callers;
    this.clock = clock;
  }

  @Override
  public List<TeamSubscriptions.Subscription> list() {
    return subscriptions.list(callers.current()).stream().map(this::view).toList();
  }

  @Override
  public TeamSubscriptions.Subscription describe(String id) {
    return view(subscriptions.describe(callers.current(), id));
  }

  @Override
  public WithSecret create(Spec spec) {
    Optional<String> problem = subscriptions.checkPattern(spec.eventPattern());
    if (problem.isPresent()) throw new ServiceException("ValidationException", problem.get());
    Subscriptions.WithSecret made =
        subscriptions.create(
            callers.current(),
            new Subscriptions.Spec(
                spec.name(),
                Json.parseTrusted(spec.eventPattern()),
                spec.webhookUrl(),
                spec.emailTo()));
    return new WithSecret(view(made.subscription()), made.secret());
  }

  @Override
  public void delete(String id) {
    subscriptions.delete(callers.current(), id);
  }

  @Override
  public List<Delivery> deliveries(String id, int limit) {
    return subscriptions.deliveries(callers.current(), id, limit).stream()
        .map(PageSubscriptions::view)
        .toList();
  }

  @Override
  public void replay(String id, String delivery) {
    subscriptions.replay(callers.current(), id, delivery);
  }

  @Override
  public Optional<String> checkPattern(String eventPattern) {
    return subscriptions.checkPattern(eventPattern);
  }

  private TeamSubscriptions.Subscription view(io.stepwise.api.notification.Subscription s) {
    boolean webhook = s.target() == io.stepwise.api.notification.Subscription.Target.WEBHOOK;
    return new TeamSubscriptions.Subscription(
        s.id(),
        s.name(),
        s.team(),
        s.eventPattern(),
        webhook,
        webhook ? s.webhookUrl() : String.join(", ", s.emailTo()),
        s.createdBy(),
        s.createdAt(),
        s.failingSince(),
        s.failing(clock.instant()));
  }

  private static Delivery view(DeliveryLog.Delivery d) {
    return new Delivery(
        d.id(),
        d.executionArn(),
        d.eventId(),
        d.eventStatus(),
        d.state(),
        d.attempts(),
        d.createdAt(),
        d.nextAttemptAt(),
        d.deliveredAt(),
        d.attemptLog().stream().map(a -> new Attempt(a.at(), a.httpStatus(), a.error())).toList());
  }
}
