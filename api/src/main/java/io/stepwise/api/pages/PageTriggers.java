package io.stepwise.api.pages;

import io.stepwise.api.authentication.Callers;
import io.stepwise.api.trigger.Triggers;
import io.stepwise.web.trigger.MachineTriggers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * web-ui's {@link MachineTriggers}: the {@link Triggers} service called with the page request's
 * caller (viewers list, editors create, rotate and delete; the service checks role and team).
 */
@ApplicationScoped
public class PageTriggers implements MachineTriggers {
  private final Triggers triggers;
  private final Callers callers;

  public PageTriggers(Triggers triggers, Callers callers) {
    this.triggers = triggers;
    this.callers = callers;
  }

  @Override
  public List<MachineTriggers.Trigger> of(String stateMachineArn, String baseUrl) {
    return triggers.listOf(callers.current(), stateMachineArn).stream()
        .map(t -> view(t, baseUrl))
        .toList();
  }

  @Override
  public WithSecret create(Spec spec, String baseUrl) {
    Triggers.WithSecret made =
        triggers.create(
            callers.current(),
            new Triggers.Spec(
                spec.name(),
                spec.target(),
                blankIsNull(spec.auth()),
                blankIsNull(spec.inputFormat()),
                blankIsNull(spec.idempotencyKeyPath())));
    return new WithSecret(view(made.trigger(), baseUrl), made.secret());
  }

  @Override
  public WithSecret rotate(String id, String baseUrl) {
    Triggers.WithSecret made = triggers.rotate(callers.current(), id);
    return new WithSecret(view(made.trigger(), baseUrl), made.secret());
  }

  @Override
  public void delete(String id) {
    triggers.delete(callers.current(), id);
  }

  private static MachineTriggers.Trigger view(io.stepwise.api.trigger.Trigger t, String baseUrl) {
    return new MachineTriggers.Trigger(
        t.id(),
        t.name(),
        baseUrl + "/hooks/" + t.id(),
        t.targetArn(),
        t.auth().name(),
        t.inputFormat().name(),
        t.idempotencyKeyPath(),
        t.createdBy(),
        t.createdAt(),
        t.rotatedAt());
  }

  private static String blankIsNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
