package io.stepwise.api.authentication;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing at the local sign-in form. Failures are counted per user name and
 * per address; past {@code stepwise.security.sign-in-free-attempts} each further attempt must wait,
 * starting at {@code sign-in-first-delay} and doubling up to {@code sign-in-max-delay}, and is
 * refused unchecked while it waits. A success clears both counts; a quiet {@code maxDelay} forgets
 * them. Each node counts its own attempts (memory only), so a load balancer multiplies the rate by
 * the number of nodes at most.
 */
@ApplicationScoped
public class SignInThrottle {
  /** More keys than this are trimmed, oldest first: guessing many names must not fill memory. */
  static final int MAX_KEYS = 10_000;

  private final int freeAttempts;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  /** A key's run of failures, and whether its current wait was already audited. */
  private record Failures(int count, Instant last, boolean refusalAudited) {}

  /** The verdict on an attempt: wait this long (zero: go ahead), and audit it or not. */
  record Verdict(Duration retryAfter, boolean audit) {
    boolean allowed() {
      return retryAfter.isZero();
    }
  }

  public SignInThrottle(SecurityConfig config) {
    this.freeAttempts = config.signInFreeAttempts();
    this.firstDelay = config.signInFirstDelay();
    this.maxDelay = config.signInMaxDelay();
  }

  /**
   * Whether an attempt for {@code user} from {@code address} may be checked now; a refusal is to be
   * audited only when it is the first of its wait (one audit line per burst of refused attempts).
   */
  synchronized Verdict attempt(String user, String address, Instant now) {
    Duration wait = Duration.ZERO;
    boolean audit = false;
    for (String key : keys(user, address)) {
      Failures f = current(key, now);
      if (f == null) continue;
      Duration left = Duration.between(now, f.last().plus(delay(f.count())));
      if (left.isNegative() || left.isZero()) continue;
      if (left.compareTo(wait) > 0) wait = left;
      if (!f.refusalAudited()) {
        audit = true;
        failures.put(key, new Failures(f.count(), f.last(), true));
      }
    }
    return new Verdict(wait, audit);
  }

  synchronized void failed(String user, String address, Instant now) {
    for (String key : keys(user, address)) {
      Failures f = current(key, now);
      failures.put(key, new Failures(f == null ? 1 : f.count() + 1, now, false));
    }
    if (failures.size() > MAX_KEYS) trim(now);
  }

  synchronized void succeeded(String user, String address) {
    keys(user, address).forEach(failures::remove);
  }

  /** The wait after {@code count} failures. */
  Duration delay(int count) {
    if (count < freeAttempts) return Duration.ZERO;
    int doublings = Math.min(count - freeAttempts, 30);
    Duration d = firstDelay.multipliedBy(1L << doublings);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  private Failures current(String key, Instant now) {
    Failures f = failures.get(key);
    if (f != null && f.last().plus(delay(f.count())).plus(maxDelay).isBefore(now)) {
      failures.remove(key);
      return null;
    }
    return f;
  }

  private void trim(Instant now) {
    failures.keySet().forEach(key -> current(key, now));
    failures.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getValue().last()))
        .limit(Math.max(0, failures.size() - MAX_KEYS))
        .map(Map.Entry::getKey)
        .toList()
        .forEach(failures::remove);
  }

  private static List<String> keys(String user, String address) {
    return List.of("user:" + (user == null ? "" : user), "address:" + address);
  }
}
