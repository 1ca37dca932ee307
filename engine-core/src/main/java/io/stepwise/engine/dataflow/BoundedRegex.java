package io.stepwise.engine.dataflow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds a regular expression a definition wrote to a bounded amount of work. Java's matcher
 * backtracks: {@code /(.*a){25}b/} against forty {@code a}s runs for hours in one call, which no
 * clock check between expression nodes can interrupt. The matcher reads its input through {@link
 * CharSequence#charAt}, so counting those reads bounds the work exactly and the same way on every
 * machine (a replay gives the same answer).
 */
public final class BoundedRegex {
  /** The most characters one call may read: a linear pattern over a 1 MB string reads ~3 MB. */
  public static final long MAX_READS = 50_000_000L;

  private BoundedRegex() {}

  /** The pattern needed more than {@link #MAX_READS} reads; the message says so. */
  public static final class TooCostly extends RuntimeException {
    TooCostly(Pattern pattern) {
      super(
          "The regular expression /"
              + pattern.pattern()
              + "/ read more than "
              + MAX_READS
              + " characters without finishing (it backtracks too much on this input).",
          null,
          false,
          false);
    }
  }

  /**
   * Looks for every match of the pattern in the text, as a search, replace or split does, within
   * the bound; throws {@link TooCostly} when it passes it. The library's own call that follows does
   * the same work, which is then known to be bounded. Returns how many matches it found.
   */
  public static int requireAffordable(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(new CountedText(text, new long[] {0}, pattern));
    int matches = 0;
    while (matcher.find()) matches++; // every match is looked for, as the library's call will
    return matches;
  }

  /**
   * Whether the whole text matches; {@code reads} counts against the bound across calls (one filter
   * over many items shares one), its first element the reads so far.
   */
  public static boolean matches(Pattern pattern, String text, long[] reads) {
    return pattern.matcher(new CountedText(text, reads, pattern)).matches();
  }

  /** A string whose reads are counted against the bound (shared by its subsequences). */
  private record CountedText(String text, long[] reads, Pattern pattern) implements CharSequence {
    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (++reads[0] > MAX_READS) throw new TooCostly(pattern);
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new CountedText(text.substring(start, end), reads, pattern);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
