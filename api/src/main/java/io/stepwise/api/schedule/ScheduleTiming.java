package io.stepwise.api.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: its expression in its time zone, between its StartDate (fires on or after
 * it) and EndDate (fires before it), which a one-time schedule ignores (AWS: "EventBridge Scheduler
 * ignores StartDate for one-time schedules"). A rate counts from the StartDate, or without one from
 * {@code anchor}, when the schedule was made or its expression changed (AWS: "If you do not provide
 * a StartDate for a rate-based schedule, your schedule starts invoking its target immediately").
 *
 * @param startDate null for none
 * @param endDate null for none
 */
public record ScheduleTiming(
    ScheduleExpression expression,
    ZoneId zone,
    Instant startDate,
    Instant endDate,
    Instant anchor) {

  /** The first fire time strictly after {@code after}; empty when the schedule fires no more. */
  public Optional<Instant> nextAfter(Instant after) {
    if (expression.oneTime()) return expression.nextAfter(after, zone, anchor);
    Instant from = after;
    // "On or after the StartDate": look from just before it.
    if (startDate != null && from.isBefore(startDate)) from = startDate.minusNanos(1);
    Instant rateAnchor = startDate != null ? startDate : anchor;
    return expression
        .nextAfter(from, zone, rateAnchor)
        .filter(fire -> endDate == null || fire.isBefore(endDate));
  }

  /** The first fire time at or after {@code from}. */
  public Optional<Instant> firstFrom(Instant from) {
    return nextAfter(from.minusNanos(1));
  }

  /** Up to {@code count} fire times at or after {@code from}, in order. */
  public List<Instant> upcoming(Instant from, int count) {
    List<Instant> out = new ArrayList<>();
    Optional<Instant> next = firstFrom(from);
    while (next.isPresent() && out.size() < count) {
      out.add(next.get());
      next = nextAfter(next.get());
    }
    return out;
  }
}
