package io.stepwise.engine.asl.validate;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Checks the RFC 3339 timestamps of Wait states and Choice timestamp comparisons. */
final class Rfc3339 {
  /**
   * The shape AWS insists on: a {@code T} separator and an explicit offset ({@code Z} or {@code
   * ±hh:mm}), see validation/wait_timestamp_invalid_no_t and _no_z.
   */
  private static final Pattern SHAPE =
      Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$");

  private Rfc3339() {}

  static boolean isTimestamp(String text) {
    if (!SHAPE.matcher(text).matches()) {
      return false;
    }
    try {
      OffsetDateTime.parse(text.toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
