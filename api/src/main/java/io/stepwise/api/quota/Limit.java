package io.stepwise.api.quota;

/** A quota's token bucket: how many tokens it holds and how many come back each second. */
public record Limit(int bucketSize, double refillPerSecond) {
  public Limit {
    if (bucketSize < 1 || refillPerSecond <= 0) {
      throw new IllegalArgumentException(
          "a quota needs a bucket of at least 1 and a refill above 0, not "
              + bucketSize
              + "/"
              + refillPerSecond);
    }
  }

  /** {@code SIZE/REFILL}, as the settings write it ({@code 1300/300}). */
  static Limit parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("not BUCKET/REFILL: " + text);
    try {
      return new Limit(
          Integer.parseInt(text.substring(0, slash).trim()),
          Double.parseDouble(text.substring(slash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not BUCKET/REFILL: " + text, e);
    }
  }
}
