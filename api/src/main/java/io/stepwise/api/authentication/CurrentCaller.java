package io.stepwise.api.authentication;

import io.quarkus.arc.Arc;
import io.stepwise.api.caller.Caller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller the guards authenticated for the current request ({@link ApiGuard} for the AWS
 * endpoint, {@link PageGuard} for pages). Read through {@link Callers#current()}.
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

  /**
   * The calling thread's caller: the one a guard set on its request (with security on, the guards
   * set one on every HTTP request, anonymous when nobody signed in), else the server itself (a
   * scheduled job's request context, the runtime's own threads).
   */
  static Caller ofThisThread() {
    var container = Arc.container();
    if (container == null || !container.requestContext().isActive()) return Caller.SYSTEM;
    Caller set = container.instance(CurrentCaller.class).get().value();
    return set == null ? Caller.SYSTEM : set;
  }
}
