package io.stepwise.approvals;

import io.stepwise.engine.service.ExecutionStarts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Who started which execution, as the server would have recorded it at StartExecution. */
@ApplicationScoped
public class FakeStarts implements ExecutionStarts {
  private final Map<String, List<String>> starters = new ConcurrentHashMap<>();

  public void started(String executionArn, String... identities) {
    starters.put(executionArn, List.of(identities));
  }

  @Override
  public List<String> startedBy(String executionArn) {
    return starters.getOrDefault(executionArn, List.of());
  }
}
