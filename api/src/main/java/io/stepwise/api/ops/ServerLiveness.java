package io.stepwise.api.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The liveness check: the process answers HTTP. It deliberately ignores the database, so that an
 * orchestrator restarts a hung server but not every server at once while PostgreSQL is away
 * (readiness takes them out of the load balancer instead).
 */
@Liveness
@ApplicationScoped
public class ServerLiveness implements HealthCheck {
  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("stepwise")
        .up()
        .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .build();
  }
}
