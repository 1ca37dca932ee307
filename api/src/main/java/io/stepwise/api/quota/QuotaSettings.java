package io.stepwise.api.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * AWS's quotas as token buckets, {@code stepwise.quotas.*} (STEPWISE_QUOTAS_*): each team (with
 * SSO; the whole installation, as one AWS account, without) has its own bucket per throttled action
 * and one of state transitions, with AWS's default sizes unless overridden.
 */
@ConfigMapping(prefix = "stepwise.quotas")
public interface QuotaSettings {
  /** Whether API calls and state transitions are held to the quotas at all. */
  @WithDefault("true")
  boolean enabled();

  /**
   * Quotas other than AWS's defaults, comma-separated {@code NAME=BUCKET/REFILL} (tokens, tokens
   * per second): an action's name or {@code StateTransition}, e.g. {@code
   * StartExecution=5000/1000,GetActivityTask=6000/3000}.
   */
  Optional<List<String>> overrides();
}
