package io.stepwise.web.execution;

import java.time.Instant;
import java.util.Optional;

/**
 * An extension point of the state panel: when workers last asked for tasks of a resource
 * (GetActivityTask), so a waiting Task state can say that nobody has polled for it lately. The
 * server provides it as a CDI bean; without one the panel says nothing about polls.
 */
public interface WorkerPolls {
  /** When a worker last polled this activity (or other resource), if known. */
  Optional<Instant> lastPoll(String resourceArn);
}
