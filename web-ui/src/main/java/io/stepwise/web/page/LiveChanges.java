package io.stepwise.web.page;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /live/changes}: the server-sent events that keep the dashboard, a Map Run's page and the
 * activities page live. Each event ({@code changed}) only says "fetch again": the page's sections
 * ({@code hx-trigger="sse:changed"}) then ask for their fragments as ordinary requests. Changes
 * within {@link #COALESCE} are one event; an event comes at least every {@link #AT_LEAST_EVERY}
 * (for what changes with the clock: ages, the per-minute chart, workers' last polls). Without
 * {@link LiveSignals} an event comes every {@link #WITHOUT_SIGNALS}. If the stream fails, app.js
 * polls the same fragments instead.
 */
@Path("/live/changes")
public class LiveChanges {
  static final Duration COALESCE = Duration.ofSeconds(1);
  static final Duration AT_LEAST_EVERY = Duration.ofSeconds(30);
  static final Duration WITHOUT_SIGNALS = Duration.ofSeconds(5);

  private final Instance<LiveSignals> signals;

  public LiveChanges(Instance<LiveSignals> signals) {
    this.signals = signals;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> changes(@Context Sse sse) {
    return Multi.createFrom().emitter(emitter -> open(emitter, sse));
  }

  private void open(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
    AtomicBoolean pending = new AtomicBoolean();
    Runnable send =
        () -> {
          pending.set(false);
          if (!emitter.isCancelled()) {
            emitter.emit(sse.newEventBuilder().name("changed").data("").build());
          }
        };
    var pool = Infrastructure.getDefaultWorkerPool();
    boolean signalled = signals.isResolvable();
    Duration every = signalled ? AT_LEAST_EVERY : WITHOUT_SIGNALS;
    ScheduledFuture<?> timer =
        pool.scheduleAtFixedRate(send, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    AutoCloseable subscription =
        signalled
            ? signals
                .get()
                .onChange(
                    () -> {
                      if (pending.compareAndSet(false, true)) {
                        pool.schedule(send, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
                      }
                    })
            : () -> {};
    emitter.onTermination(
        () -> {
          timer.cancel(false);
          try {
            subscription.close();
          } catch (Exception ignored) {
            // Closing only unregisters a listener.
          }
        });
  }
}
