package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.MockConfig;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mocked integrations per test case in Step Functions Local's format: the file that {@code
 * STEPWISE_MOCK_CONFIG} (or {@code stepwise.mock-config}) names, and executions started with a
 * {@code #TestCase} suffix on the state machine ARN. The n-th invocation of a state is counted from
 * the execution's task rows, so the answer survives a restart.
 */
@ApplicationScoped
public class TestCaseMocks {
  private final Database db;
  private final Optional<String> file;
  private volatile JsonNode config;

  public TestCaseMocks(
      Database db,
      @ConfigProperty(name = "stepwise.mock-config") Optional<String> property,
      @ConfigProperty(name = "STEPWISE_MOCK_CONFIG") Optional<String> environment) {
    this.db = db;
    this.file = property.or(() -> environment);
  }

  /** Whether a mock configuration is set up. */
  public boolean configured() {
    return file.isPresent();
  }

  /** The parsed configuration (read once). */
  public JsonNode config() {
    if (config == null) {
      String path =
          file.orElseThrow(
              () -> new IllegalArgumentException("STEPWISE_MOCK_CONFIG names no mock file"));
      try {
        config = Json.parseTrusted(Files.readString(Path.of(path)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the mock configuration " + path, e);
      }
    }
    return config;
  }

  /** Checks that the state machine has that test case (StartExecution refuses it otherwise). */
  public void check(String stateMachineName, String testCase) {
    MockConfig.forTestCase(config(), stateMachineName, testCase);
  }

  /** The mocked answer of the task, or MissingMockException when the test case has none. */
  TaskHandler.Outcome answer(
      String executionArn, String machineArn, String testCase, Command.DispatchTask task) {
    // A Map child's machine is MACHINE/LABEL: the test case is its owner's.
    String name = Arn.parse(machineArn).map(a -> a.owner().name()).orElse(machineArn);
    MockConfig mocks = MockConfig.forTestCase(config(), name, testCase);
    long earlier = 0;
    for (var row :
        db.query(
            "SELECT count(*) AS n FROM tasks WHERE execution_arn = $1 AND state_name = $2 AND"
                + " kind = 'MOCK' AND token <> $3 AND created_at <= (SELECT created_at FROM tasks"
                + " WHERE token = $3)",
            executionArn,
            task.stateName(),
            task.taskToken())) {
      earlier = row.getLong("n");
    }
    TaskHandler.Outcome outcome = null;
    for (long i = 0; i <= earlier; i++) outcome = mocks.handle(task);
    if (outcome == null) throw new MockedTasks.MissingMockException("no mocked response");
    return outcome;
  }
}
