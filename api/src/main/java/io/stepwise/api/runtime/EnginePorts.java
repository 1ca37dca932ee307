package io.stepwise.api.runtime;

import io.stepwise.engine.port.EvaluationBudget;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.port.TaskTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;

/**
 * The interpreter's ports on the server, for every runtime it runs (durable, Express, TestState,
 * replay and time travel): task token secrets from {@link TaskTokens#secure()} and the admin's
 * evaluation budget ({@link LimitSettings}) on the system clock.
 */
@ApplicationScoped
public class EnginePorts {
  private final Ports ports;

  public EnginePorts(LimitSettings limits) {
    this.ports =
        new Ports(
            TaskTokens.secure(),
            new EvaluationBudget(
                limits.expressionTime(),
                limits.expressionDepth(),
                limits.expressionSize(),
                InstantSource.system()));
  }

  /** Also a bean of its own, for the web pages' replays and time travel (web-ui). */
  @Produces
  public Ports ports() {
    return ports;
  }
}
