package io.stepwise.api.runtime;

import io.stepwise.engine.service.BuiltInTaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;

/**
 * The task handlers that serve resources inside the server (approvals): which one serves a
 * resource. Their tasks are held by {@code LeaseOwner.BUILT_IN}, so workers never see them.
 */
@ApplicationScoped
public class BuiltInHandlers {
  private final List<BuiltInTaskHandler> handlers;

  public BuiltInHandlers(Instance<BuiltInTaskHandler> handlers) {
    this.handlers = handlers.stream().toList();
  }

  /** The handler serving the resource, if one does. */
  public Optional<BuiltInTaskHandler> serving(String resource) {
    for (BuiltInTaskHandler h : handlers) {
      if (h.handles(resource)) return Optional.of(h);
    }
    return Optional.empty();
  }

  /** Whether a handler inside the server serves the resource. */
  public boolean serve(String resource) {
    return serving(resource).isPresent();
  }
}
