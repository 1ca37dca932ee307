package io.stepwise.api.schedule;

import java.time.Instant;

/**
 * A schedule group: a name its schedules are filed under, tags, and (for groups other than {@code
 * default}) the team that made it. Deleting a group deletes its schedules.
 */
public record ScheduleGroup(String arn, String name, Instant createdAt, Instant updatedAt) {
  /** The group every installation has and no one deletes. */
  public static final String DEFAULT = "default";
}
