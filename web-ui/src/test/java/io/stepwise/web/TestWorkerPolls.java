package io.stepwise.web;

import io.stepwise.web.execution.WorkerPolls;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Stands in for the server's record of workers' polls: one resource last polled 12 minutes ago. */
@ApplicationScoped
public class TestWorkerPolls implements WorkerPolls {
  public static final String QUIET_ACTIVITY =
      "arn:aws:states:us-east-1:123456789012:activity:quiet";

  @Override
  public Optional<Instant> lastPoll(String resourceArn) {
    return QUIET_ACTIVITY.equals(resourceArn)
        ? Optional.of(Instant.now().minus(Duration.ofMinutes(12).plusSeconds(20)))
        : Optional.empty();
  }
}
