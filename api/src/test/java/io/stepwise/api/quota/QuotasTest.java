package io.stepwise.api.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** AWS's token buckets, per holder, on a clock the test moves. */
class QuotasTest {
  private final AtomicLong nanos = new AtomicLong(1_000);

  private Quotas quotas(Map<String, Limit> limits) {
    return new Quotas(true, limits, nanos::get);
  }

  private void seconds(double s) {
    nanos.addAndGet((long) (s * 1e9));
  }

  @Test
  void aBucketGivesItsSizeAtOnceThenItsRefillRate() {
    Quotas q = quotas(Map.of("StartExecution", new Limit(3, 2)));
    for (int i = 0; i < 3; i++) assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).isTrue();
    assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).isFalse();
    seconds(0.5);
    assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).as("one token after 0.5 s").isTrue();
    assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).isFalse();
    seconds(60);
    for (int i = 0; i < 3; i++) assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).isTrue();
    assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).as("never more than its size").isFalse();
  }

  @Test
  void aTeamThatEmptiesItsBucketLeavesAnotherTeamsAlone() {
    Quotas q = quotas(Map.of("StartExecution", new Limit(5, 1)));
    String red = Quotas.holderOf(Set.of("red"));
    String blue = Quotas.holderOf(Set.of("blue"));
    while (q.take(red, "StartExecution")) {}
    assertThat(q.take(red, "StartExecution")).isFalse();
    for (int i = 0; i < 5; i++) assertThat(q.take(blue, "StartExecution")).isTrue();
    assertThat(q.take(Quotas.ACCOUNT, "StartExecution")).isTrue();
  }

  @Test
  void aCallerOfSeveralTeamsSpendsABucketOfItsOwn() {
    assertThat(Quotas.holderOf(Set.of("red", "blue")))
        .isEqualTo(Quotas.holderOf(Set.of("blue", "red")))
        .isNotEqualTo(Quotas.holderOf(Set.of("red")))
        .isNotEqualTo(Quotas.holderOf(Set.of("blue")));
    assertThat(Quotas.holderOf(Set.of())).isEqualTo(Quotas.ACCOUNT);
    assertThat(Quotas.holderOfTeam("red")).isEqualTo(Quotas.holderOf(Set.of("red")));
    assertThat(Quotas.holderOfTeam(null)).isEqualTo(Quotas.ACCOUNT);
  }

  @Test
  void transitionsSpentPastEmptyAreOwedUntilRefilled() {
    Quotas q = quotas(Map.of(Quotas.STATE_TRANSITION, new Limit(5, 10)));
    q.spend(Quotas.ACCOUNT, Quotas.STATE_TRANSITION, 12);
    assertThat(q.hasToken(Quotas.ACCOUNT, Quotas.STATE_TRANSITION)).isFalse();
    seconds(0.7); // 7 back: -7 + 7 = 0, still none
    assertThat(q.hasToken(Quotas.ACCOUNT, Quotas.STATE_TRANSITION)).isFalse();
    seconds(0.1);
    assertThat(q.hasToken(Quotas.ACCOUNT, Quotas.STATE_TRANSITION)).isTrue();
  }

  @Test
  void actionsWithoutAQuotaAndQuotasSwitchedOffAreNeverRefused() {
    Quotas q = quotas(Map.of("StartExecution", new Limit(1, 1)));
    for (int i = 0; i < 100; i++) assertThat(q.take(Quotas.ACCOUNT, "StartSyncExecution")).isTrue();
    Quotas off = new Quotas(false, Map.of("StartExecution", new Limit(1, 1)), nanos::get);
    for (int i = 0; i < 100; i++) assertThat(off.take(Quotas.ACCOUNT, "StartExecution")).isTrue();
  }

  @Test
  void awsDefaultsHoldUnlessOverridden() {
    Map<String, Limit> limits = Quotas.limits(List.of("StartExecution = 5000/1000"));
    assertThat(limits.get("StartExecution")).isEqualTo(new Limit(5000, 1000));
    assertThat(limits.get("GetActivityTask")).isEqualTo(new Limit(3000, 500));
    assertThat(limits.get(Quotas.STATE_TRANSITION)).isEqualTo(new Limit(5000, 1500));
    assertThat(limits).doesNotContainKey("StartSyncExecution");
    assertThatThrownBy(() -> Quotas.limits(List.of("StartExecution")))
        .hasMessageContaining("NAME=BUCKET/REFILL");
    assertThatThrownBy(() -> Quotas.limits(List.of("StartExecution=0/1")))
        .hasMessageContaining("bucket of at least 1");
  }
}
