package io.stepwise.api.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How often each trigger may start executions: a token bucket per trigger ({@code
 * stepwise.triggers.burst} calls at once, refilled at {@code stepwise.triggers.per-second}), kept
 * in this server's memory, so each server of a cluster grants its own rate. Only verified calls
 * count: somebody without the secret cannot use up the sender's rate.
 */
@ApplicationScoped
public class TriggerRate {
  private final double perSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Whether a call may go on, or how many whole seconds until one may. */
  public record Decision(boolean allowed, long retryAfterSeconds, boolean firstRefusal) {}

  public TriggerRate(
      @ConfigProperty(name = "stepwise.triggers.per-second", defaultValue = "5") double perSecond,
      @ConfigProperty(name = "stepwise.triggers.burst", defaultValue = "20") int burst) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "stepwise.triggers.per-second must be above 0 and stepwise.triggers.burst at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one call from the trigger's bucket at {@code nanos} (System.nanoTime). */
  public Decision take(String triggerId, long nanos) {
    Bucket b = buckets.computeIfAbsent(triggerId, id -> new Bucket(burst, nanos));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (nanos - b.at) / 1e9 * perSecond);
      b.at = nanos;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        b.refusing = false;
        return new Decision(true, 0, false);
      }
      boolean first = !b.refusing;
      b.refusing = true;
      long wait = (long) Math.ceil((1 - b.tokens) / perSecond);
      return new Decision(false, Math.max(1, wait), first);
    }
  }

  /** Forgets a deleted trigger. */
  void forget(String triggerId) {
    buckets.remove(triggerId);
  }

  private static final class Bucket {
    double tokens;
    long at;
    boolean refusing;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
