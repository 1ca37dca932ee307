package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.web.diff.TextDiff;
import org.junit.jupiter.api.Test;

/**
 * A viewer may open {@code /state-machines/{name}/diff} as often as they like, so what one diff
 * costs must stay small whatever an editor published: two texts with nothing in common are not
 * compared line by line (Myers' work grows with lines times differences: two 4,999-line texts took
 * 2-3 s of a core per request), while a large text with a few changes still is.
 */
class VersionDiffAttackTest {
  private static String lines(String prefix, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append('"').append(prefix).append(i).append("\": 1,\n");
    return b.toString();
  }

  @Test
  void textsWithNothingInCommonAreNotComparedLineByLine() {
    assertThat(TextDiff.rows(lines("a", 4_999), lines("b", 4_999))).isEmpty();
  }

  @Test
  void aTextAgainstItsLinesReversedIsNotComparedLineByLine() {
    String forward = lines("a", 4_999);
    java.util.List<String> reversed = new java.util.ArrayList<>(forward.lines().toList());
    java.util.Collections.reverse(reversed);
    assertThat(TextDiff.rows(forward, String.join("\n", reversed))).isEmpty();
  }

  @Test
  void aLargeTextWithAFewChangesIsStillCompared() {
    String before = lines("a", 4_999);
    String after = before.replace("\"a17\": 1,", "\"a17\": 2,").replace("\"a4000\": 1,", "");
    var rows = TextDiff.rows(before, after);
    assertThat(rows).hasSize(4_999);
    assertThat(rows)
        .filteredOn(r -> r.kind() != TextDiff.Kind.SAME)
        .extracting(TextDiff.Row::oldLine)
        .containsExactly("\"a17\": 1,", "\"a4000\": 1,");
  }
}
