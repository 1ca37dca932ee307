package io.stepwise.web.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A fire time as the pages show it: in the schedule's time zone (written here) and in the viewer's
 * (the browser writes it from {@link #iso()}: the server does not know the viewer's zone).
 */
public record FireTime(String iso, String inZone) {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz");

  static FireTime of(Instant at, String zone) {
    return new FireTime(at.toString(), FORMAT.format(at.atZone(zoneOf(zone))));
  }

  static List<FireTime> of(List<Instant> times, String zone) {
    return times.stream().map(t -> of(t, zone)).toList();
  }

  private static ZoneId zoneOf(String zone) {
    try {
      return ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
