package io.stepwise.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.service.ServiceException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The expression table: each row an expression, a time zone, dates and the moment to look from,
 * with the fire times AWS's rules give (written in UTC). Evaluated on given instants, never by
 * waiting.
 */
class ScheduleExpressionTest {

  private record Row(
      String why,
      String expression,
      String zone,
      String startDate,
      String endDate,
      String from,
      List<String> expected) {
    /** Whether the listed fire times are all there are. */
    boolean ends() {
      return endDate != null || expression.startsWith("at(") || why.contains("nothing after");
    }
  }

  private static Row row(String why, String expression, String zone, String from, String... fires) {
    return new Row(why, expression, zone, null, null, from, List.of(fires));
  }

  private static final List<Row> TABLE =
      List.of(
          row(
              "daily at 02:00 UTC",
              "cron(0 2 * * ? *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2026-01-01T02:00:00Z",
              "2026-01-02T02:00:00Z"),
          row(
              "a fire time is not repeated when looking from it",
              "cron(0 2 * * ? *)",
              "UTC",
              "2026-01-01T02:00:00Z",
              "2026-01-01T02:00:00Z",
              "2026-01-02T02:00:00Z"),
          row(
              "02:30 Berlin does not exist on the spring-forward day (2026-03-29): skipped",
              "cron(30 2 * * ? *)",
              "Europe/Berlin",
              "2026-03-27T12:00:00Z",
              "2026-03-28T01:30:00Z",
              "2026-03-30T00:30:00Z",
              "2026-03-31T00:30:00Z"),
          row(
              "02:30 Berlin passes twice on the fall-back day (2026-10-25): fires once, at the first",
              "cron(30 2 * * ? *)",
              "Europe/Berlin",
              "2026-10-24T12:00:00Z",
              "2026-10-25T00:30:00Z",
              "2026-10-26T01:30:00Z"),
          row(
              "every 30 minutes across the fall-back hour: each wall time once",
              "cron(0/30 * * * ? *)",
              "Europe/Berlin",
              "2026-10-24T23:15:00Z",
              "2026-10-24T23:30:00Z",
              "2026-10-25T00:00:00Z",
              "2026-10-25T00:30:00Z",
              "2026-10-25T02:00:00Z",
              "2026-10-25T02:30:00Z"),
          row(
              "every 30 minutes across the spring-forward hour: 02:00 and 02:30 do not exist",
              "cron(0/30 * * * ? *)",
              "Europe/Berlin",
              "2026-03-29T00:15:00Z",
              "2026-03-29T00:30:00Z",
              "2026-03-29T01:00:00Z",
              "2026-03-29T01:30:00Z"),
          row(
              "02:00 New York on its spring-forward day (2026-03-08) is skipped",
              "cron(0 2 * * ? *)",
              "America/New_York",
              "2026-03-07T12:00:00Z",
              "2026-03-09T06:00:00Z"),
          row(
              "09:00 Berlin keeps its wall time across the change: 08:00 UTC, then 07:00 UTC",
              "cron(0 9 * * ? *)",
              "Europe/Berlin",
              "2026-03-28T00:00:00Z",
              "2026-03-28T08:00:00Z",
              "2026-03-29T07:00:00Z"),
          row(
              "29 February: only in leap years",
              "cron(0 9 29 2 ? *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2028-02-29T09:00:00Z",
              "2032-02-29T09:00:00Z"),
          row(
              "L in day-of-month: the last day, 29 February in a leap year",
              "cron(0 0 L * ? *)",
              "UTC",
              "2028-01-15T00:00:00Z",
              "2028-01-31T00:00:00Z",
              "2028-02-29T00:00:00Z",
              "2028-03-31T00:00:00Z"),
          row(
              "W: the weekday nearest the 1st, which never leaves the month (Sat 1 Aug 2026 -> Mon 3)",
              "cron(0 9 1W * ? *)",
              "UTC",
              "2026-07-15T00:00:00Z",
              "2026-08-03T09:00:00Z",
              "2026-09-01T09:00:00Z"),
          row(
              "W: Sunday the 15th goes to Monday the 16th",
              "cron(0 9 15W * ? *)",
              "UTC",
              "2026-02-01T00:00:00Z",
              "2026-02-16T09:00:00Z",
              "2026-03-16T09:00:00Z"),
          row(
              "LW: the last weekday of the month",
              "cron(0 18 LW * ? *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2026-01-30T18:00:00Z",
              "2026-02-27T18:00:00Z",
              "2026-03-31T18:00:00Z"),
          row(
              "#: the second Tuesday (3 = TUE)",
              "cron(0 9 ? * 3#2 *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2026-01-13T09:00:00Z",
              "2026-02-10T09:00:00Z"),
          row(
              "# by name: the first Monday",
              "cron(0 9 ? * MON#1 *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2026-01-05T09:00:00Z",
              "2026-02-02T09:00:00Z"),
          row(
              "L in day-of-week: 6L is the last Friday",
              "cron(15 10 ? * 6L *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2026-01-30T10:15:00Z",
              "2026-02-27T10:15:00Z"),
          row(
              "day names and a year range; nothing after the range",
              "cron(0 12 ? * MON-FRI 2026)",
              "UTC",
              "2026-12-30T00:00:00Z",
              "2026-12-30T12:00:00Z",
              "2026-12-31T12:00:00Z"),
          row(
              "1 = SUN (AWS numbers day-of-week from Sunday)",
              "cron(0 8 ? * 1 *)",
              "UTC",
              "2026-01-01T00:00:00Z",
              "2026-01-04T08:00:00Z"),
          row(
              "rate in minutes from the anchor",
              "rate(15 minutes)",
              "UTC",
              "2026-01-01T00:20:00Z",
              "2026-01-01T00:30:00Z",
              "2026-01-01T00:45:00Z"),
          row(
              "rate(1 day) is 24 hours also across a change: 00:00 UTC each day, whatever the zone",
              "rate(1 day)",
              "Europe/Berlin",
              "2026-03-28T00:00:00Z",
              "2026-03-28T00:00:00Z",
              "2026-03-29T00:00:00Z",
              "2026-03-30T00:00:00Z"),
          row(
              "at() fires once, in its zone",
              "at(2026-07-01T09:30:00)",
              "Europe/Berlin",
              "2026-01-01T00:00:00Z",
              "2026-07-01T07:30:00Z"),
          row(
              "at() a time the clocks skip is taken forward by the gap",
              "at(2026-03-29T02:30:00)",
              "Europe/Berlin",
              "2026-01-01T00:00:00Z",
              "2026-03-29T01:30:00Z"),
          row(
              "at() in the past fires no more",
              "at(2025-07-01T09:30:00)",
              "UTC",
              "2026-01-01T00:00:00Z"),
          new Row(
              "a rate counts from its StartDate, on it",
              "rate(2 hours)",
              "UTC",
              "2026-05-01T10:00:00Z",
              null,
              "2026-01-01T00:00:00Z",
              List.of("2026-05-01T10:00:00Z", "2026-05-01T12:00:00Z")),
          new Row(
              "a cron fires on its StartDate when it is a fire time",
              "cron(0 10 * * ? *)",
              "UTC",
              "2026-05-01T10:00:00Z",
              null,
              "2026-01-01T00:00:00Z",
              List.of("2026-05-01T10:00:00Z", "2026-05-02T10:00:00Z")),
          new Row(
              "the EndDate ends it: fire times before it only",
              "cron(0 10 * * ? *)",
              "UTC",
              null,
              "2026-01-03T10:00:00Z",
              "2026-01-01T00:00:00Z",
              List.of("2026-01-01T10:00:00Z", "2026-01-02T10:00:00Z")),
          new Row(
              "a one-time schedule ignores StartDate and EndDate",
              "at(2026-06-01T00:00:00)",
              "UTC",
              "2026-07-01T00:00:00Z",
              "2026-05-01T00:00:00Z",
              "2026-01-01T00:00:00Z",
              List.of("2026-06-01T00:00:00Z")));

  /** Rates without a StartDate count from here. */
  private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

  @TestFactory
  Stream<DynamicTest> fireTimesFollowTheTable() {
    return TABLE.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.expression() + " in " + r.zone() + ": " + r.why(),
                    () -> {
                      ScheduleTiming timing =
                          new ScheduleTiming(
                              ScheduleExpression.parse(r.expression()),
                              TimeZones.of(r.zone()),
                              r.startDate() == null ? null : Instant.parse(r.startDate()),
                              r.endDate() == null ? null : Instant.parse(r.endDate()),
                              ANCHOR);
                      // One more than the row lists: a row that ends (an at(), an EndDate, a
                      // year) must end there.
                      List<String> fires =
                          timing.upcoming(Instant.parse(r.from()), r.expected().size() + 1).stream()
                              .map(Instant::toString)
                              .toList();
                      if (r.ends()) {
                        assertThat(fires).containsExactlyElementsOf(r.expected());
                      } else {
                        assertThat(fires.subList(0, Math.min(fires.size(), r.expected().size())))
                            .containsExactlyElementsOf(r.expected());
                      }
                    }));
  }

  @Test
  void refusesWhatAwsRefusesWithItsMessage() {
    for (String bad :
        List.of(
            "cron(0 2 * * * *)",
            "cron(0 2 ? * ? *)",
            "cron(0 2 * * ?)",
            "cron(0 2 * * ? * *)",
            "cron()",
            "cron(INVALID)",
            "cron(71 8 1 * ? *)",
            "cron(0 dummy ? * MON-FRI *)",
            "cron(7 20 * * NOT *)",
            "cron(0 9 ? * 8 *)",
            "cron(0 9 ? * 0 *)",
            "cron(0 9 * * ? 1969)",
            "cron(0 9 * 13 ? *)",
            "cron(0 25 * * ? *)",
            "rate(10 seconds)",
            "rate(10 years)",
            "rate()",
            "rate(10)",
            "rate(0 minutes)",
            "rate(-10 minutes)",
            "rate(foo minutes)",
            "rate(10 minutess)",
            "rate( 10 minutes )",
            " rate(10 minutes)",
            "rate(99999999999 days)",
            "at(2021-12-31T23:59:59Z)",
            "at(2021-12-31)",
            "at(2021-02-30T00:00:00)",
            "at(2021-12-31T24:00:00)",
            "every day",
            "")) {
      assertRefused(
          () -> ScheduleExpression.parse(bad), "Invalid Schedule Expression " + bad + ".");
    }
  }

  @Test
  void acceptsAwsForms() {
    for (String good :
        List.of(
            "cron(0 2 * * ? *)",
            "cron(*/5 * * * ? *)",
            "cron(0/15 8-17 ? * MON-FRI *)",
            "cron(0 0 L * ? *)",
            "cron(0 9 ? * 6#3 2026-2030)",
            "cron(5,35 14 * JAN,JUL ? *)",
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(1 day)",
            "rate(7 days)",
            "at(2030-01-01T00:00:00)")) {
      assertThat(ScheduleExpression.parse(good).text()).isEqualTo(good);
    }
    assertThat(ScheduleExpression.parse("at(2030-01-01T00:00:00)").oneTime()).isTrue();
    assertThat(ScheduleExpression.parse("rate(1 day)").oneTime()).isFalse();
  }

  @Test
  void timeZonesAreIanaNames() {
    assertThat(TimeZones.of(null)).isEqualTo(java.time.ZoneOffset.UTC);
    assertThat(TimeZones.of("UTC")).isEqualTo(java.time.ZoneOffset.UTC);
    assertThat(TimeZones.of("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
    for (String bad : List.of("Mars/Olympus_Mons", "+02:00", "GMT+2", "europe/berlin")) {
      assertRefused(() -> TimeZones.of(bad), "Invalid ScheduleExpressionTimezone " + bad + ".");
    }
  }

  /** A ValidationException with exactly this message. */
  static void assertRefused(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .as(message)
        .isInstanceOfSatisfying(
            ServiceException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationException");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }
}
