package io.stepwise.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cases of PostgreSQL's manual, "jsonb Containment and Existence", answered alike. */
class JsonContainmentTest {
  private static boolean contains(String value, String wanted) {
    return JsonContainment.contains(Json.parseTrusted(value), Json.parseTrusted(wanted));
  }

  @Test
  void readsContainmentAsPostgresDoes() {
    assertThat(contains("\"foo\"", "\"foo\"")).isTrue();
    assertThat(contains("[1, 2, 3]", "[1, 3]")).isTrue();
    assertThat(contains("[1, 2, 3]", "[3, 1]")).isTrue();
    assertThat(contains("[1, 2, 3]", "[1, 2, 2]")).isTrue();
    assertThat(
            contains(
                "{\"product\": \"PostgreSQL\", \"version\": 9.4, \"jsonb\": true}",
                "{\"version\": 9.40}"))
        .isTrue();
    assertThat(contains("[1, 2, [1, 3]]", "[1, 3]")).isFalse();
    assertThat(contains("[1, 2, [1, 3]]", "[[1, 3]]")).isTrue();
    assertThat(contains("{\"foo\": {\"bar\": \"baz\"}}", "{\"bar\": \"baz\"}")).isFalse();
    assertThat(contains("{\"foo\": {\"bar\": \"baz\"}}", "{\"foo\": {}}")).isTrue();
    assertThat(contains("[\"foo\", \"bar\"]", "\"foo\"")).isTrue();
    assertThat(contains("\"foo\"", "[\"foo\"]")).isFalse();
    assertThat(contains("{\"a\": 1}", "1")).isFalse();
  }
}
