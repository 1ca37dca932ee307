package io.stepwise.api.schedule;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression in AWS's dialect, evaluated by cron-utils: six fields (minutes 0-59, hours
 * 0-23, day-of-month 1-31 with {@code ? L W}, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT
 * with {@code ? L #}, year 1970-2199), exactly one of the day fields {@code ?}.
 *
 * <p>Daylight saving as AWS documents it ("Daylight savings time on EventBridge Scheduler"): the
 * fields are matched against the wall clock of the time zone; a wall-clock time the clocks skip in
 * spring does not fire, and a time they pass twice in autumn fires once, at its first passing. So
 * cron-utils walks the wall clock (as UTC, which has no transitions) and each candidate is placed
 * in the zone here, never by the library's own zone handling.
 */
public final class AwsCron {
  private static final CronDefinition AWS =
      CronDefinitionBuilder.defineCron()
          .withMinutes()
          .withValidRange(0, 59)
          .withStrictRange()
          .and()
          .withHours()
          .withValidRange(0, 23)
          .withStrictRange()
          .and()
          .withDayOfMonth()
          .withValidRange(1, 31)
          .supportsL()
          .supportsW()
          .supportsLW()
          .supportsQuestionMark()
          .withStrictRange()
          .and()
          .withMonth()
          .withValidRange(1, 12)
          .withStrictRange()
          .and()
          .withDayOfWeek()
          .withValidRange(1, 7)
          .withMondayDoWValue(2)
          .supportsHash()
          .supportsL()
          .supportsQuestionMark()
          .withStrictRange()
          .and()
          .withYear()
          .withValidRange(1970, 2199)
          .withStrictRange()
          .and()
          .instance();
  private static final CronParser PARSER = new CronParser(AWS);

  /**
   * Candidates looked at for one answer: an autumn overlap repeats at most an hour of minutes and a
   * spring gap skips at most that, so this is only a guard.
   */
  private static final int MAX_CANDIDATES = 1_000;

  private final ExecutionTime wallClock;

  private AwsCron(ExecutionTime wallClock) {
    this.wallClock = wallClock;
  }

  /** Reads the six fields; IllegalArgumentException when they are not AWS's cron. */
  static AwsCron parse(String fields) {
    String trimmed = fields.trim();
    if (trimmed.split("\\s+").length != 6) {
      throw new IllegalArgumentException("a cron expression has six fields");
    }
    com.cronutils.model.Cron cron = PARSER.parse(trimmed).validate();
    boolean dayOfMonthUnset =
        cron.retrieve(CronFieldName.DAY_OF_MONTH).getExpression() instanceof QuestionMark;
    boolean dayOfWeekUnset =
        cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression() instanceof QuestionMark;
    // AWS: "You can't specify the Day-of-month and Day-of-week fields in the same cron
    // expression": one of them must be '?', and only one.
    if (dayOfMonthUnset == dayOfWeekUnset) {
      throw new IllegalArgumentException("exactly one of day-of-month and day-of-week is '?'");
    }
    return new AwsCron(ExecutionTime.forCron(cron));
  }

  /** The first fire time strictly after {@code after} on the wall clock of {@code zone}. */
  Optional<Instant> nextAfter(Instant after, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    ZonedDateTime cursor = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
    for (int i = 0; i < MAX_CANDIDATES; i++) {
      Optional<ZonedDateTime> next = wallClock.nextExecution(cursor);
      if (next.isEmpty()) return Optional.empty();
      LocalDateTime candidate = next.get().toLocalDateTime();
      // Empty in a spring gap: that time does not exist there and does not fire. In an autumn
      // overlap the first offset is the first passing; the second passing maps to an instant
      // already behind us and is passed over.
      List<ZoneOffset> offsets = rules.getValidOffsets(candidate);
      if (!offsets.isEmpty()) {
        Instant fire = candidate.toInstant(offsets.get(0));
        if (fire.isAfter(after)) return Optional.of(fire);
      }
      cursor = next.get();
    }
    return Optional.empty();
  }
}
