package io.stepwise.api.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The caller of the current page request, for the service decorators. Absent outside a request or
 * when no guard ran (background work such as the runtime's own calls acts as the system).
 */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  /** The caller set on this request (a method: a field read on the client proxy sees null). */
  Caller value() {
    return caller;
  }

  /** The current request's caller, if a guard set one. */
  static Optional<Caller> get() {
    var container = Arc.container();
    if (container == null || !container.requestContext().isActive()) return Optional.empty();
    return Optional.ofNullable(container.instance(CurrentCaller.class).get().value());
  }
}
