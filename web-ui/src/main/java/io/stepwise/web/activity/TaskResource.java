package io.stepwise.web.activity;

import io.stepwise.web.page.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A resource workers serve, as the activities page shows it.
 *
 * @param activityName the activity's name, or null for a resource that is no activity
 * @param oldestWait when the oldest waiting task was scheduled, or null when none waits
 * @param heartbeatsOverdue tasks in progress whose worker missed its heartbeat
 * @param workers workers heard polling it lately, latest first
 */
public record TaskResource(
    String resource,
    String activityName,
    long waiting,
    Instant oldestWait,
    long inProgress,
    long heartbeatsOverdue,
    List<Worker> workers) {

  /** A worker's latest poll: its name (as it gave it, may be empty) and address. */
  public record Worker(String name, String address, Instant lastPoll) {
    public String polled() {
      return Times.span(Duration.between(lastPoll, Instant.now())) + " ago";
    }
  }

  public String name() {
    return activityName == null ? resource : activityName;
  }

  /** "12 minutes" since the oldest waiting task was scheduled, or empty. */
  public String oldestWaitFor() {
    return oldestWait == null ? "" : Times.span(Duration.between(oldestWait, Instant.now()));
  }
}
