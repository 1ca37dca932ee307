package io.stepwise.web.statemachine;

import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/** How the state machines list is sorted ({@code ?sort=}); by name unless the URL says. */
public enum MachineSort {
  NAME(Comparator.comparing(r -> r.summary().name())),
  LAST(
      Comparator.comparing(
              (MachineRow r) -> r.hasLatest() ? r.activity().latest().startDate() : Instant.MIN)
          .reversed()),
  SUCCESS(
      Comparator.comparing(
          (MachineRow r) ->
              r.activity() == null || r.activity().successRate() == null
                  ? Integer.MAX_VALUE
                  : r.activity().successRate())),
  RUNNING(Comparator.comparingLong(MachineRow::running).reversed());

  private final Comparator<MachineRow> order;

  MachineSort(Comparator<MachineRow> order) {
    this.order = order;
  }

  public static MachineSort named(String name) {
    for (MachineSort s : values()) if (s.key().equals(name)) return s;
    return NAME;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The order, ties by name. */
  Comparator<MachineRow> order() {
    return order.thenComparing(r -> r.summary().name());
  }
}
