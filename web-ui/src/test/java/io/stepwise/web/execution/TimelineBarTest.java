package io.stepwise.web.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 12: a run of identical timeline rows (a Map's iterations that all succeeded) reads
 * as one row with its count; a visit that ended otherwise, or another state, starts a new row.
 */
class TimelineBarTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static StateVisit visit(String name, int depth, long from, long to, StateStatus status) {
    return new StateVisit(
        name,
        depth,
        from,
        T0.plusMillis(from),
        to < 0 ? null : T0.plusMillis(to),
        status,
        -1,
        0,
        0,
        0,
        0);
  }

  @Test
  void fiveHundredAlikeIterationsMakeOneRowAndAFailureItsOwn() {
    List<StateVisit> visits = new ArrayList<>();
    visits.add(visit("Fan", 0, 0, 10_000, StateStatus.SUCCEEDED));
    for (int i = 0; i < 500; i++) {
      visits.add(visit("Process", 1, 10 + i * 10, 15 + i * 10, StateStatus.SUCCEEDED));
    }
    visits.add(visit("Process", 1, 5_100, 5_200, StateStatus.CAUGHT));
    visits.add(visit("Process", 1, 5_300, -1, StateStatus.RUNNING));

    List<TimelineBar> bars = TimelineBar.of(visits, T0, T0.plusMillis(10_000));

    assertThat(bars)
        .extracting(TimelineBar::stateName)
        .containsExactly("Fan", "Process", "Process", "Process");
    assertThat(bars).extracting(TimelineBar::count).containsExactly(1, 500, 1, 1);
    TimelineBar run = bars.get(1);
    assertThat(run.duration()).isEqualTo("500 visits, 2.5 s in all");
    assertThat(run.offset()).isEqualTo(0.1);
    assertThat(run.width()).isEqualTo(49.95);
    assertThat(bars.get(2).cssClass()).isEqualTo("st-caught");
    assertThat(bars.get(3).duration()).endsWith("so far");
  }
}
