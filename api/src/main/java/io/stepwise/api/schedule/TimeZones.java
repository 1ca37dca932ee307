package io.stepwise.api.schedule;

import io.stepwise.engine.service.ServiceException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * A schedule's {@code ScheduleExpressionTimezone}: an IANA time-zone name ({@code Europe/Berlin},
 * {@code America/New_York}, {@code UTC}), UTC when absent. Offsets such as {@code +02:00} are no
 * zone names and are refused, as are names the JDK's time-zone database does not know.
 */
public final class TimeZones {
  /** What a schedule without a time zone is evaluated in, and what GetSchedule then shows. */
  public static final String DEFAULT = "UTC";

  private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();

  private TimeZones() {}

  /** The zone of a name (null or empty: UTC), or a ValidationException naming it. */
  public static ZoneId of(String name) {
    if (name == null || name.isEmpty() || name.equals(DEFAULT)) return ZoneOffset.UTC;
    if (name.length() > 50 || !KNOWN.contains(name)) {
      throw new ServiceException(
          "ValidationException", "Invalid ScheduleExpressionTimezone " + name + ".");
    }
    return ZoneId.of(name);
  }
}
