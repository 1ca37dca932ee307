package io.stepwise.api.pages;

import io.stepwise.api.activity.RecentPolls;
import io.stepwise.web.execution.WorkerPolls;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** web-ui's {@link WorkerPolls}: when this server last saw a worker poll a resource. */
@ApplicationScoped
public class PageWorkerPolls implements WorkerPolls {
  private final RecentPolls polls;

  public PageWorkerPolls(RecentPolls polls) {
    this.polls = polls;
  }

  @Override
  public Optional<Instant> lastPoll(String resourceArn) {
    return polls.lastPoll(resourceArn);
  }
}
