package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.api.schedule.ScheduleExpression;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cron expressions an attacker would give to make the server search for a fire time that never
 * comes (31 February, a fifth Monday in February of a year without one, 29 February of a year that
 * is no leap year): each answers "none" or the rare real time, from a bounded search.
 */
class ScheduleExpressionAttackTest {
  private static final Instant NOW = Instant.parse("2026-12-07T11:00:00Z");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0 0 31 2 ? *)",
        "cron(0 0 30 2 ? *)",
        "cron(0 0 31 4,6,9,11 ? *)",
        "cron(0 0 29 2 ? 2100)",
        "cron(0 0 29 2 ? 2101-2103)",
        "cron(* * 31 2 ? *)",
        "cron(0/1 0-23 30,31 2 ? *)"
      })
  void anImpossibleDayIsNoneAfterABoundedSearch(String expression) {
    Optional<Instant> next =
        ScheduleExpression.parse(expression).nextAfter(NOW, ZoneId.of("Europe/Berlin"), NOW);
    assertThat(next).isEmpty();
  }
}
