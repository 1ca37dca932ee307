package io.stepwise.approvals.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromTheInitialDelayUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1));

    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofMinutes(1));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(1));
  }
}
