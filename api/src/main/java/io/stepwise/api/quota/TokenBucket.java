package io.stepwise.api.quota;

/**
 * AWS's token bucket: holds at most {@code size} tokens, refilled at {@code refillPerSecond}; a
 * call takes one, and is refused when none is left. Work that happens anyway (state transitions) is
 * spent even past empty, so the bucket owes it and refuses until it has refilled. Thread-safe; the
 * time is the caller's (nanoseconds of a monotonic clock).
 */
final class TokenBucket {
  private final double size;
  private final double refillPerNano;
  private double tokens;
  private long refilledAt;

  TokenBucket(Limit limit, long now) {
    this.size = limit.bucketSize();
    this.refillPerNano = limit.refillPerSecond() / 1e9;
    this.tokens = size;
    this.refilledAt = now;
  }

  /** Takes a token if there is one. */
  synchronized boolean take(long now) {
    refill(now);
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  /** Spends tokens whether or not the bucket has them. */
  synchronized void spend(long now, int count) {
    refill(now);
    tokens -= count;
  }

  /** Whether a token is there to take. */
  synchronized boolean hasToken(long now) {
    refill(now);
    return tokens >= 1;
  }

  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed <= 0) return;
    tokens = Math.min(size, tokens + elapsed * refillPerNano);
    refilledAt = now;
  }
}
