package io.stepwise.api.protocol;

import java.math.BigDecimal;
import java.time.Instant;

/** AWS's JSON 1.0 timestamps: epoch seconds with a millisecond fraction. */
public final class AwsDates {
  private AwsDates() {}

  public static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }
}
