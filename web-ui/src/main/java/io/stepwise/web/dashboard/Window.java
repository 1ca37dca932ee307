package io.stepwise.web.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The dashboard's time windows, each cut into buckets a chart shows as bars. */
public enum Window {
  HOUR("Last hour", Duration.ofHours(1), Duration.ofMinutes(5)),
  DAY("Last day", Duration.ofDays(1), Duration.ofHours(1)),
  WEEK("Last week", Duration.ofDays(7), Duration.ofHours(6));

  private final String label;
  private final Duration length;
  private final Duration bucket;

  Window(String label, Duration length, Duration bucket) {
    this.label = label;
    this.length = length;
    this.bucket = bucket;
  }

  /** The window a URL names; the day when it names none. */
  public static Window named(String name) {
    for (Window w : values()) if (w.key().equals(name)) return w;
    return DAY;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public Duration bucket() {
    return bucket;
  }

  /** Where the window starts, on a bucket boundary, so that it ends with the bucket now is in. */
  public Instant since(Instant now) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES);
    long size = bucket.toSeconds();
    long aligned = Math.floorDiv(end.getEpochSecond(), size) * size + size;
    return Instant.ofEpochSecond(aligned).minus(length);
  }

  /** The end of the window's last bucket (after now). */
  public Instant until(Instant now) {
    return since(now).plus(length);
  }
}
