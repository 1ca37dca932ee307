package io.stepwise.web.page;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as the pages write them: in UTC, said so, to the second. */
public final class Times {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String utc(Instant at) {
    return at == null ? "" : UTC.format(at);
  }

  /** "12 minutes", "1 minute", "40 seconds": a span for a sentence. */
  public static String span(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + (s == 1 ? " second" : " seconds");
    long m = s / 60;
    if (m < 120) return m + (m == 1 ? " minute" : " minutes");
    long h = m / 60;
    return h + " hours";
  }
}
