package io.stepwise.api.pages;

import io.stepwise.api.runtime.PgNotifications;
import io.stepwise.web.page.LiveSignals;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * web-ui's {@link LiveSignals}: any execution's step or any task queued, on any server (the {@code
 * stepwise_execution} and {@code stepwise_task} NOTIFYs). The signal names nothing, so it tells a
 * viewer no more than that something changed somewhere; the pages then read what they show as the
 * viewer.
 */
@ApplicationScoped
public class PageLiveSignals implements LiveSignals {
  private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();

  public PageLiveSignals(PgNotifications notifications) {
    notifications.onExecutionChanged(arn -> changed());
    notifications.on("stepwise_task", resource -> changed());
  }

  private void changed() {
    for (Runnable l : listeners) l.run();
  }

  @Override
  public AutoCloseable onChange(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
