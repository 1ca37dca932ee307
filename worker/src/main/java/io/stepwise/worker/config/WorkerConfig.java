package io.stepwise.worker.config;

import io.stepwise.worker.http.Connection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The worker's settings: where the server is, which resources it serves, how many tasks it runs at
 * once, its heartbeat and shutdown timing, and the named connections of the HTTP task.
 *
 * @param server the Stepwise (or AWS) endpoint, e.g. {@code http://localhost:8080}
 * @param region the region the SDK signs for; Stepwise does not check it
 * @param workerName sent as GetActivityTask's workerName, shown in the execution history
 * @param concurrency the most tasks run at once; a poll is only made when a slot is free
 * @param resources the resource ARNs (or bare function names) to poll; empty means the HTTP task
 *     plus the bare name of every Java handler found
 * @param heartbeat the default interval between SendTaskHeartbeat calls while a task runs
 * @param heartbeatByResource per-resource heartbeat intervals (set them below the state's
 *     HeartbeatSeconds: the protocol does not tell the worker that value)
 * @param shutdownGrace how long running tasks may finish after SIGTERM before they are failed with
 *     {@code Worker.Shutdown}
 * @param backoffInitial the first delay before polling again after the server was unreachable
 * @param backoffMax the longest such delay
 * @param connections HTTP task connections by name
 */
public record WorkerConfig(
    URI server,
    String region,
    String workerName,
    int concurrency,
    List<String> resources,
    Duration heartbeat,
    Map<String, Duration> heartbeatByResource,
    Duration shutdownGrace,
    Duration backoffInitial,
    Duration backoffMax,
    Map<String, Connection> connections) {

  /** The default server address. */
  public static final URI DEFAULT_SERVER = URI.create("http://localhost:8080");

  /** Validates and copies the settings. */
  public WorkerConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(workerName, "workerName");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    resources = List.copyOf(resources);
    requirePositive(heartbeat, "heartbeat");
    heartbeatByResource = Map.copyOf(heartbeatByResource);
    heartbeatByResource.forEach((resource, interval) -> requirePositive(interval, "heartbeat"));
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    requirePositive(backoffInitial, "backoffInitial");
    requirePositive(backoffMax, "backoffMax");
    connections = Map.copyOf(connections);
  }

  /** The heartbeat interval for tasks of {@code resource}. */
  public Duration heartbeatFor(String resource) {
    return heartbeatByResource.getOrDefault(resource, heartbeat);
  }

  /** A copy serving {@code newResources}. */
  public WorkerConfig withResources(List<String> newResources) {
    return new WorkerConfig(
        server,
        region,
        workerName,
        concurrency,
        newResources,
        heartbeat,
        heartbeatByResource,
        shutdownGrace,
        backoffInitial,
        backoffMax,
        connections);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
