package io.stepwise.web;

import io.stepwise.engine.runtime.memory.InMemoryExecutions;
import io.stepwise.engine.runtime.memory.InMemoryStateMachines;
import io.stepwise.engine.runtime.memory.ManualClock;
import io.stepwise.engine.runtime.memory.TaskHandler;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionStatisticsService;
import io.stepwise.engine.service.StateMachineService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;

/** The in-memory services standing in for the server's PostgreSQL-backed beans in tests. */
@ApplicationScoped
public class TestServices {
  public static final ManualClock CLOCK = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
  public static final InMemoryStateMachines MACHINES = new InMemoryStateMachines(CLOCK);

  /** Tasks that are not activities succeed at once with their input. */
  public static final InMemoryExecutions EXECUTIONS =
      new InMemoryExecutions(
          MACHINES, CLOCK, task -> new TaskHandler.Outcome.Success(task.input()));

  @Produces
  StateMachineService machines() {
    return MACHINES;
  }

  @Produces
  ExecutionService executions() {
    return EXECUTIONS;
  }

  @Produces
  ExecutionStatisticsService statistics() {
    return EXECUTIONS;
  }
}
