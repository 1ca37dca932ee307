package io.stepwise.api.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * LISTEN side of PostgreSQL's NOTIFY: one dedicated connection per server process listens to the
 * channels that {@link PgNotifier} notifies right after each step's commit ({@code
 * stepwise_execution} with the execution ARN, {@code stepwise_task} with the resource, {@code
 * stepwise_timer} with the due time in epoch milliseconds). A commit on any node so wakes long
 * polls, the timer poller and execution watchers on every node. Handlers run on the event loop and
 * must not block. Lost notifications (a dropped connection) are covered by the pollers' one-second
 * fallback.
 */
@ApplicationScoped
public class PgNotifications {
  private static final Logger LOG = Logger.getLogger(PgNotifications.class);

  private final Vertx vertx;
  private final Wakeups wakeups;
  private final Optional<String> url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final List<Consumer<String>> executionListeners = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, List<Consumer<String>>> channelListeners =
      new java.util.concurrent.ConcurrentHashMap<>();
  private PgSubscriber subscriber;

  public PgNotifications(
      Vertx vertx,
      Wakeups wakeups,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.vertx = vertx;
    this.wakeups = wakeups;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Calls the listener (on the event loop) with the payload of every NOTIFY on the channel. */
  public synchronized void on(String channel, Consumer<String> listener) {
    channelListeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    if (subscriber != null) listen(channel);
  }

  /** One handler per channel, calling whoever listens to it at the time. */
  private void listen(String channel) {
    subscriber
        .channel(channel)
        .handler(payload -> channelListeners.get(channel).forEach(l -> notify(l, payload)));
  }

  /** Calls the listener with the ARN of every execution that changed, on any node. */
  public void onExecutionChanged(Consumer<String> listener) {
    executionListeners.add(listener);
  }

  void onStart(@Observes StartupEvent event) {
    if (url.isEmpty()) return;
    PgConnectOptions options = PgConnectOptions.fromUri(url.get());
    user.ifPresent(options::setUser);
    password.ifPresent(options::setPassword);
    subscriber = PgSubscriber.subscriber(vertx, options);
    subscriber.reconnectPolicy(retries -> 1000L);
    subscriber.channel("stepwise_execution").handler(this::executionChanged);
    subscriber.channel("stepwise_task").handler(wakeups::taskQueued);
    subscriber.channel("stepwise_timer").handler(this::timerScheduled);
    synchronized (this) {
      channelListeners.keySet().forEach(this::listen);
    }
    try {
      subscriber.connectAndAwait();
    } catch (RuntimeException e) {
      LOG.warn("cannot LISTEN for notifications; falling back to polling every second", e);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    if (subscriber != null) subscriber.closeAndForget();
  }

  private static void notify(Consumer<String> listener, String payload) {
    try {
      listener.accept(payload);
    } catch (RuntimeException e) {
      LOG.warn("a notification listener failed", e);
    }
  }

  private void executionChanged(String arn) {
    for (Consumer<String> l : executionListeners) {
      try {
        l.accept(arn);
      } catch (RuntimeException e) {
        LOG.warn("an execution listener failed", e);
      }
    }
  }

  private void timerScheduled(String epochMillis) {
    try {
      wakeups.timerScheduled(Instant.ofEpochMilli(Long.parseLong(epochMillis)));
    } catch (NumberFormatException e) {
      wakeups.timerScheduled(Instant.now());
    }
  }
}
