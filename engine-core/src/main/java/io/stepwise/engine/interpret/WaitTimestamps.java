package io.stepwise.engine.interpret;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses Wait timestamps as AWS accepts them: ISO-8601 extended, with an offset or Z. */
final class WaitTimestamps {
  private WaitTimestamps() {}

  static Instant parse(String text) {
    if (text.indexOf('T') < 0) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
