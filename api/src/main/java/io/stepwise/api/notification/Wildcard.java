package io.stepwise.api.notification;

/**
 * EventBridge's wildcard: {@code *} matches any run of characters, the rest literally. Matched in
 * time linear in the value and the pattern: the text between stars must be a prefix, a suffix and,
 * in order, the leftmost occurrence of each part in between (found by Knuth-Morris-Pratt), which is
 * where a match exists if any does. A backtracking matcher read the value once per pattern
 * character, seconds per event for a 4,000-character pattern and a 256 KiB input.
 */
public final class Wildcard {
  private Wildcard() {}

  public static boolean matches(CharSequence value, String pattern) {
    String[] parts = pattern.split("\\*", -1);
    if (parts.length == 1) return value.length() == pattern.length() && holds(value, 0, pattern);
    String first = parts[0];
    String last = parts[parts.length - 1];
    int end = value.length() - last.length();
    if (end < first.length() || !holds(value, 0, first) || !holds(value, end, last)) return false;
    int from = first.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = indexOf(value, parts[i], from, end);
      if (at < 0) return false;
      from = at + parts[i].length();
    }
    return true;
  }

  /** Whether {@code value} holds {@code part} at {@code at}. */
  private static boolean holds(CharSequence value, int at, String part) {
    if (at < 0 || at + part.length() > value.length()) return false;
    for (int i = 0; i < part.length(); i++) {
      if (value.charAt(at + i) != part.charAt(i)) return false;
    }
    return true;
  }

  /** The first index in {@code [from, end)} where {@code part} lies wholly before {@code end}. */
  private static int indexOf(CharSequence value, String part, int from, int end) {
    if (part.isEmpty()) return from;
    int[] fallback = new int[part.length()];
    for (int i = 1, k = 0; i < part.length(); i++) {
      while (k > 0 && part.charAt(i) != part.charAt(k)) k = fallback[k - 1];
      if (part.charAt(i) == part.charAt(k)) k++;
      fallback[i] = k;
    }
    for (int i = from, k = 0; i < end; i++) {
      char c = value.charAt(i);
      while (k > 0 && c != part.charAt(k)) k = fallback[k - 1];
      if (c == part.charAt(k)) k++;
      if (k == part.length()) return i - k + 1;
    }
    return -1;
  }
}
