package io.stepwise.web;

import io.stepwise.web.page.LiveSignals;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** Stands in for the server's change notifications: a test says when something changed. */
@ApplicationScoped
public class TestLiveSignals implements LiveSignals {
  private static final Set<Runnable> LISTENERS = new CopyOnWriteArraySet<>();

  /** Tells every open live page that something changed. */
  public static void fire() {
    LISTENERS.forEach(Runnable::run);
  }

  @Override
  public AutoCloseable onChange(Runnable listener) {
    LISTENERS.add(listener);
    return () -> LISTENERS.remove(listener);
  }
}
