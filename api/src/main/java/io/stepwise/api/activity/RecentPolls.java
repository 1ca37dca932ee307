package io.stepwise.api.activity;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which workers polled each resource (GetActivityTask) through this server, and when: for the
 * execution page's waiting Task states ({@code pages.PageWorkerPolls}) and the activities page.
 * Kept in memory per server: with several servers behind a balancer a resource polled only through
 * another one looks quiet here, which the pages' wording allows for ("seen from this server").
 * Bounded: per resource the {@value #WORKERS_PER_RESOURCE} workers heard last, polls older than
 * {@link #KEPT} forgotten as new ones come.
 */
@ApplicationScoped
public class RecentPolls {
  static final int WORKERS_PER_RESOURCE = 20;
  static final Duration KEPT = Duration.ofMinutes(15);

  /** A worker's latest poll of a resource: its name (as it gave it, may be empty) and address. */
  public record Poll(String workerName, String address, Instant at) {}

  private final Map<String, Map<String, Poll>> byResource = new ConcurrentHashMap<>();

  /** A worker asked for a task of {@code resource} just now. */
  void heard(String resource, String workerName, String address) {
    Poll poll =
        new Poll(
            workerName == null ? "" : workerName, address == null ? "" : address, Instant.now());
    Map<String, Poll> workers =
        byResource.computeIfAbsent(resource, r -> new ConcurrentHashMap<>());
    workers.put(poll.workerName() + "\u0000" + poll.address(), poll);
    if (workers.size() > WORKERS_PER_RESOURCE) {
      Instant cutoff = poll.at().minus(KEPT);
      workers.values().removeIf(p -> p.at().isBefore(cutoff));
      while (workers.size() > WORKERS_PER_RESOURCE) {
        workers.values().stream()
            .min(Comparator.comparing(Poll::at))
            .ifPresent(oldest -> workers.values().remove(oldest));
      }
    }
  }

  /** When a worker last polled the resource through this server, if it did. */
  public Optional<Instant> lastPoll(String resource) {
    return since(resource, Instant.MIN).stream().map(Poll::at).findFirst();
  }

  /** The workers that polled the resource at or after {@code since}, latest first. */
  public List<Poll> since(String resource, Instant since) {
    Map<String, Poll> workers = byResource.get(resource);
    if (workers == null) return List.of();
    return workers.values().stream()
        .filter(p -> !p.at().isBefore(since))
        .sorted(Comparator.comparing(Poll::at).reversed())
        .toList();
  }
}
