package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.service.BuiltInTaskHandler;
import io.stepwise.engine.service.DispatchedTask;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionMdcTest {
  static final String PROBE = "arn:aws:lambda:us-east-1:123456789012:function:mdc-probe";
  private static final String LOGGER = "io.stepwise.api.ops.mdc-probe";

  /** What the probe saw: where, and the executionArn in the logging context there. */
  record Seen(String where, String executionArn) {}

  static final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** Task tokens the probe was handed, for the test to answer through the API. */
  static final BlockingQueue<String> handedOver = new LinkedBlockingQueue<>();

  /**
   * A built-in task handler that notes the logging context when the step asks whether it handles a
   * resource (inside the step's transaction) and logs a line when it is handed the task (an
   * after-commit effect on its own thread). The test answers its tasks with SendTaskSuccess, as a
   * worker would, from a thread without any logging context.
   */
  @ApplicationScoped
  public static class Probe implements BuiltInTaskHandler {
    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Override
    public boolean handles(String resource) {
      if (!resource.equals(PROBE)) return false;
      seen.add(new Seen("handles", ExecutionMdc.current()));
      return true;
    }

    @Override
    public void dispatched(DispatchedTask task) {
      LOG.infof("probe task of state %s", task.stateName());
      handedOver.add(task.taskToken());
    }
  }

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

  @Test
  void linesLoggedWhileAStepRunsCarryTheExecutionArn() throws Exception {
    List<Seen> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String arn = record instanceof ExtLogRecord ext ? ext.getMdc(ExecutionMdc.KEY) : null;
            logged.add(new Seen(record.getMessage(), arn));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger probeLog = java.util.logging.Logger.getLogger(LOGGER);
    probeLog.addHandler(capture);
    seen.clear();
    handedOver.clear();
    try (SfnClient sfn = Sfn.client()) {
      // First runs in StartExecution's step, Second in the step of First's answer (found by its
      // task token), Third in the step the timer poller runs when the Wait is over.
      String machine =
          Sfn.createMachine(
              sfn,
              "{\"StartAt\":\"First\",\"States\":{"
                  + "\"First\":{\"Type\":\"Task\",\"Resource\":\""
                  + PROBE
                  + "\",\"Next\":\"Second\"},"
                  + "\"Second\":{\"Type\":\"Task\",\"Resource\":\""
                  + PROBE
                  + "\",\"Next\":\"Pause\"},"
                  + "\"Pause\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"Third\"},"
                  + "\"Third\":{\"Type\":\"Task\",\"Resource\":\""
                  + PROBE
                  + "\",\"End\":true}}}");
      String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
      for (int i = 0; i < 3; i++) {
        String token = handedOver.poll(30, TimeUnit.SECONDS);
        assertThat(token).as("task %d handed to the probe", i + 1).isNotNull();
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
      }
      assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(30)).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);

      // Asked inside each step's transaction and again when the task is handed over.
      assertThat(seen).hasSizeGreaterThanOrEqualTo(3).containsOnly(new Seen("handles", arn));
      assertThat(logged).extracting(Seen::executionArn).hasSize(3).containsOnly(arn);
      assertThat(MDC.get(ExecutionMdc.KEY)).as("the test thread's context is untouched").isNull();
    } finally {
      probeLog.removeHandler(capture);
    }
  }
}
