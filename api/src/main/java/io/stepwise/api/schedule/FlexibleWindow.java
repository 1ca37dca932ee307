package io.stepwise.api.schedule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * A schedule's FlexibleTimeWindow: OFF (each fire time is started at once) or FLEXIBLE with a
 * maximum window, within which a fire is spread (AWS: "EventBridge Scheduler invokes the target
 * within the time window"). The place in the window is a hash of schedule and fire time, so every
 * server that plans the fire plans it for the same moment, and schedules due at the same minute
 * spread over the window instead of starting together.
 *
 * @param maximumMinutes null when OFF
 */
public record FlexibleWindow(Integer maximumMinutes) {
  public static final FlexibleWindow OFF = new FlexibleWindow(null);

  public String mode() {
    return maximumMinutes == null ? "OFF" : "FLEXIBLE";
  }

  /** When the fire is started: the fire time, or a moment in the window after it. */
  public Instant dueAt(String scheduleArn, Instant fireTime) {
    if (maximumMinutes == null) return fireTime;
    long windowMillis = maximumMinutes * 60_000L;
    return fireTime.plusMillis(Math.floorMod(hash(scheduleArn + "@" + fireTime), windowMillis));
  }

  private static long hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
