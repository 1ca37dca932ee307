package io.stepwise.api.activity;

import io.stepwise.web.execution.WorkerPolls;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this server last saw a worker poll each resource (GetActivityTask), for the execution page's
 * waiting Task states. Kept in memory per server: with several servers behind a balancer a resource
 * polled only through another one looks quiet here, which the page's wording allows for ("no worker
 * has polled", seen from this server). Bounded by the number of resources polled.
 */
@ApplicationScoped
public class RecentPolls implements WorkerPolls {
  private final Map<String, Instant> last = new ConcurrentHashMap<>();

  /** A worker asked for a task of {@code resource} just now. */
  void heard(String resource) {
    last.put(resource, Instant.now());
  }

  @Override
  public Optional<Instant> lastPoll(String resourceArn) {
    return Optional.ofNullable(last.get(resourceArn));
  }
}
