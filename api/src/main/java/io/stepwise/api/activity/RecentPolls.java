package io.stepwise.api.activity;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this server last saw a worker poll each resource (GetActivityTask), for the execution page's
 * waiting Task states ({@code pages.PageWorkerPolls}). Kept in memory per server: with several
 * servers behind a balancer a resource polled only through another one looks quiet here, which the
 * page's wording allows for ("no worker has polled", seen from this server). Bounded by the number
 * of resources polled.
 */
@ApplicationScoped
public class RecentPolls {
  private final Map<String, Instant> last = new ConcurrentHashMap<>();

  /** A worker asked for a task of {@code resource} just now. */
  void heard(String resource) {
    last.put(resource, Instant.now());
  }

  /** When a worker last polled the resource through this server, if it did. */
  public Optional<Instant> lastPoll(String resource) {
    return Optional.ofNullable(last.get(resource));
  }
}
