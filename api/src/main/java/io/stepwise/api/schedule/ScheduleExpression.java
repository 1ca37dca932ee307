package io.stepwise.api.schedule;

import io.stepwise.engine.service.ServiceException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule expression as EventBridge Scheduler reads it: {@code cron(minutes hours day-of-month
 * month day-of-week year)}, {@code rate(value unit)} or {@code at(yyyy-mm-ddThh:mm:ss)} (AWS:
 * "Schedule types on EventBridge Scheduler"). {@link #parse} refuses anything else with AWS's
 * message, {@code Invalid Schedule Expression <text>.}, written as AWS answers it for {@code
 * rate(10 seconds)} or {@code " rate(10 minutes)"}: no spaces around the expression or inside a
 * rate's parentheses.
 */
public sealed interface ScheduleExpression {

  /** The expression as given. */
  String text();

  /** Whether the schedule invokes its target once ({@code at}); recurring otherwise. */
  default boolean oneTime() {
    return this instanceof At;
  }

  /**
   * The first fire time strictly after {@code after}, evaluated in {@code zone}, ignoring start and
   * end dates; {@code anchor} is when a rate counts from. Empty when there is none.
   */
  Optional<Instant> nextAfter(Instant after, ZoneId zone, Instant anchor);

  /** Reads an expression, or throws AWS's ValidationException. */
  static ScheduleExpression parse(String text) {
    if (text == null) throw invalid("null");
    try {
      if (text.startsWith("cron(") && text.endsWith(")")) {
        return new Cron(text, AwsCron.parse(text.substring(5, text.length() - 1)));
      }
      Matcher rate = Rate.PATTERN.matcher(text);
      if (rate.matches()) {
        long value = Long.parseLong(rate.group(1));
        Duration unit =
            switch (rate.group(2)) {
              case "minute", "minutes" -> Duration.ofMinutes(1);
              case "hour", "hours" -> Duration.ofHours(1);
              default -> Duration.ofDays(1);
            };
        if (value < 1) throw invalid(text);
        return new Rate(text, unit.multipliedBy(value));
      }
      Matcher at = At.PATTERN.matcher(text);
      if (at.matches()) return new At(text, LocalDateTime.parse(at.group(1), At.FORMAT));
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      throw invalid(text);
    }
    throw invalid(text);
  }

  /** AWS's refusal of an expression. */
  static ServiceException invalid(String text) {
    return new ServiceException("ValidationException", "Invalid Schedule Expression " + text + ".");
  }

  /** {@code cron(…)}: fire times of the wall clock in the schedule's time zone. */
  record Cron(String text, AwsCron cron) implements ScheduleExpression {
    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone, Instant anchor) {
      return cron.nextAfter(after, zone);
    }
  }

  /**
   * {@code rate(value unit)}: every {@code period} from the anchor (the start date, or when the
   * schedule was made). A day is 24 hours, also across a daylight-saving change (AWS: "days
   * represents a 24-hour duration on the clock").
   */
  record Rate(String text, Duration period) implements ScheduleExpression {
    // A positive whole number without sign or leading zeros, one space, the unit.
    static final Pattern PATTERN =
        Pattern.compile("rate\\(([1-9][0-9]{0,9}) (minutes?|hours?|days?)\\)");

    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone, Instant anchor) {
      if (after.isBefore(anchor)) return Optional.of(anchor);
      long periods = Duration.between(anchor, after).dividedBy(period) + 1;
      return Optional.of(anchor.plus(period.multipliedBy(periods)));
    }
  }

  /**
   * {@code at(yyyy-mm-ddThh:mm:ss)}: once, at that wall-clock time in the schedule's time zone. A
   * time the clocks skip (spring forward) is taken forward by the gap, a time they pass twice
   * (autumn) at its first passing.
   */
  record At(String text, LocalDateTime localTime) implements ScheduleExpression {
    static final Pattern PATTERN =
        Pattern.compile("at\\(([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\\)");
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    /** The one fire time in the zone. */
    public Instant fireTime(ZoneId zone) {
      return ZonedDateTime.ofLocal(localTime, zone, null).toInstant();
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone, Instant anchor) {
      Instant fire = fireTime(zone);
      return fire.isAfter(after) ? Optional.of(fire) : Optional.empty();
    }
  }
}
