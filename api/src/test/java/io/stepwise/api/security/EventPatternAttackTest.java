package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.api.notification.Wildcard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A subscription's event pattern is matched against every event of its team on the one dispatcher
 * that serves every team. An editor's wildcard of 4,000 characters against an execution's 256 KiB
 * input read each character of the input once per pattern character (6.6 s per event on a quiet
 * machine, the dispatcher's transaction held meanwhile): the work is counted here in characters
 * read, so the test does not depend on the machine's speed.
 */
class EventPatternAttackTest {
  /** A value that counts how many of its characters were read. */
  private static final class Counted implements CharSequence {
    private final String text;
    long reads;

    Counted(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new UnsupportedOperationException("the matcher reads characters one by one");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Test
  void aLongWildcardAgainstALargeInputReadsEachCharacterAFewTimesOnly() {
    Counted input = new Counted("a".repeat(64 * 1024));
    String pattern = "*" + "a".repeat(1000) + "b*";
    assertThat(Wildcard.matches(input, pattern)).isFalse();
    assertThat(input.reads).isLessThan(4L * (input.length() + pattern.length()));

    Counted stars = new Counted("ab".repeat(32 * 1024));
    String many = "*a".repeat(1000) + "*c";
    assertThat(Wildcard.matches(stars, many)).isFalse();
    assertThat(stars.reads).isLessThan(4L * (stars.length() + many.length()));
  }

  @ParameterizedTest
  @CsvSource({
    "arn:aws:states:us-east-1:1:stateMachine:orders, *:stateMachine:order*, true",
    "arn:aws:states:us-east-1:1:stateMachine:orders, *:stateMachine:order, false",
    "abc, abc, true",
    "abc, ab, false",
    "abc, *, true",
    "'', *, true",
    "'', '', true",
    "'', a*, false",
    "aaa, a*a*a, true",
    "aa, a*a*a, false",
    "abcabd, *abd, true",
    "abcab, ab*ab, true",
    "xaylmz, x*y*z, true",
    "xazy, x*y*z, false",
    "a*b, a*b, true",
    "mississippi, m*iss*ppi, true",
    "mississippi, m*iss*iss*ppi, true",
    "mississippi, m*iss*iss*iss*ppi, false"
  })
  void matchesAsEventBridgeDocuments(String value, String pattern, boolean expected) {
    assertThat(Wildcard.matches(value, pattern)).isEqualTo(expected);
  }
}
