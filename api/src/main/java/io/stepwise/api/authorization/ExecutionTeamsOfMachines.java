package io.stepwise.api.authorization;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.runtime.ExecutionTeams;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** An execution belongs to the team of its state machine ({@link ResourceTeams}, in memory). */
@ApplicationScoped
public class ExecutionTeamsOfMachines implements ExecutionTeams {
  private final ResourceTeams teams;

  public ExecutionTeamsOfMachines(ResourceTeams teams) {
    this.teams = teams;
  }

  @Override
  public Optional<String> teamOf(String executionArn) {
    return Arn.parse(executionArn).flatMap(a -> teams.of(a.owner().toString()));
  }
}
