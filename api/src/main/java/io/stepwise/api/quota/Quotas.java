package io.stepwise.api.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The quotas of every holder: a team (with SSO) or the account (the whole installation), each with
 * its own token buckets, so what one team spends never empties another's. Actions take a token each
 * ({@link #take}); state transitions are spent as they happen ({@link #spend}). A name with no
 * quota is never refused. Thread-safe.
 */
@ApplicationScoped
public class Quotas {
  /** The holder of callers and resources of no single team: the installation as one account. */
  public static final String ACCOUNT = "account";

  /** The quota state transitions spend. */
  public static final String STATE_TRANSITION = AwsQuotas.STATE_TRANSITION;

  private record Key(String holder, String quota) {}

  private final boolean enabled;
  private final Map<String, Limit> limits;
  private final LongSupplier clock;
  private final ConcurrentHashMap<Key, TokenBucket> buckets = new ConcurrentHashMap<>();

  @Inject
  public Quotas(QuotaSettings settings) {
    this(settings.enabled(), limits(settings.overrides().orElse(List.of())), System::nanoTime);
  }

  /** Quotas on a clock of the caller's (nanoseconds), for tests. */
  Quotas(boolean enabled, Map<String, Limit> limits, LongSupplier clock) {
    this.enabled = enabled;
    this.limits = Map.copyOf(limits);
    this.clock = clock;
  }

  /** AWS's defaults with the overrides ({@code NAME=BUCKET/REFILL}) applied. */
  static Map<String, Limit> limits(List<String> overrides) {
    Map<String, Limit> out = new HashMap<>(AwsQuotas.DEFAULTS);
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq < 1)
        throw new IllegalArgumentException(
            "stepwise.quotas.overrides: not NAME=BUCKET/REFILL: " + o);
      out.put(o.substring(0, eq).trim(), Limit.parse(o.substring(eq + 1)));
    }
    return out;
  }

  /**
   * The holder whose quotas a caller of these teams spends: its team, the set of them when it acts
   * for several (so it cannot empty any single team's), the account when it has none.
   */
  public static String holderOf(Set<String> teams) {
    if (teams.isEmpty()) return ACCOUNT;
    return "team:" + String.join("+", new TreeSet<>(teams));
  }

  /** The holder of one team's resources (the account for a resource of no team). */
  public static String holderOfTeam(String team) {
    return team == null ? ACCOUNT : "team:" + team;
  }

  /** Takes a token of the holder's quota; false when its bucket is empty. */
  public boolean take(String holder, String quota) {
    TokenBucket b = bucket(holder, quota);
    return b == null || b.take(clock.getAsLong());
  }

  /** Spends tokens of work done anyway (state transitions): an empty bucket goes into debt. */
  public void spend(String holder, String quota, int count) {
    TokenBucket b = bucket(holder, quota);
    if (b != null && count > 0) b.spend(clock.getAsLong(), count);
  }

  /** Whether the holder's quota has a token left (without taking it). */
  public boolean hasToken(String holder, String quota) {
    TokenBucket b = bucket(holder, quota);
    return b == null || b.hasToken(clock.getAsLong());
  }

  private TokenBucket bucket(String holder, String quota) {
    if (!enabled) return null;
    Limit limit = limits.get(quota);
    if (limit == null) return null;
    return buckets.computeIfAbsent(
        new Key(holder, quota), k -> new TokenBucket(limit, clock.getAsLong()));
  }
}
