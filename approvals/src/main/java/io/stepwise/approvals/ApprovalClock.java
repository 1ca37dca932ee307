package io.stepwise.approvals;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** The system clock, unless the server (or a test) provides an {@link InstantSource} bean. */
@Dependent
public class ApprovalClock {
  @Produces
  @Singleton
  @DefaultBean
  InstantSource clock() {
    return InstantSource.system();
  }
}
