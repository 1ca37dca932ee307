package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class ExecutionMdcTest {
  @Test
  void nestedScopesRestoreTheOuterExecution() {
    try (ExecutionMdc.Scope outer = ExecutionMdc.enter("arn:parent")) {
      try (ExecutionMdc.Scope inner = ExecutionMdc.enter("arn:child")) {
        assertThat(MDC.get(ExecutionMdc.KEY)).isEqualTo("arn:child");
      }
      assertThat(MDC.get(ExecutionMdc.KEY)).isEqualTo("arn:parent");
    }
    assertThat(MDC.get(ExecutionMdc.KEY)).isNull();
  }
}
