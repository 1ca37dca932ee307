package io.stepwise.engine.asl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Definitions written as deployed AWS workflows write them ({@code asl/deployed/}): a dot before a
 * bracket in a path ({@code $.[0]}, {@code $.Snapshots.[0].State}, {@code $.[*].['bucket',
 * 'key']}), a region and account inside a service-integration ARN. AWS accepts each; so must
 * Stepwise, and run it.
 */
class DeployedDefinitionsTest {
  private static final Path FOLDER = Path.of("src/test/resources/asl/deployed");

  @TestFactory
  Stream<DynamicTest> everyDeployedDefinitionValidatesParsesAndRuns() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(FOLDER)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path file) throws Exception {
    JsonNode c = Json.parse(Files.readString(file));
    String text = Json.write(c.get("definition"));
    ValidationResult result = DefinitionValidator.validate(text, StateMachineType.STANDARD);
    assertThat(result.diagnostics()).as("%s validates", file).isEmpty();
    StateMachineDefinition definition = DefinitionParser.parse(c.get("definition"));
    if (!c.has("output")) return;
    var snapshot =
        InMemoryRunner.localExecution("deployed", "run", c.get("input"), Instant.EPOCH, 1);
    var run = new InMemoryRunner(definition, new MockedTasks(c.get("mocks")), false).run(snapshot);
    assertThat(snapshot.status())
        .as("%s: %s %s", file, snapshot.error(), snapshot.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.snapshot().output()).as("%s output", file).isEqualTo(c.get("output"));
  }
}
