package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the conformance corpus in {@code shared/conformance/cases} for the validator tests. */
final class ConformanceCases {
  private ConformanceCases() {}

  /** One case file: its category (folder), name and content. */
  record Case(String category, String name, JsonNode json) {

    /** Validates the case's definition the way the recording sent it. */
    ValidationResult validate() {
      JsonNode definition = json.get("definition");
      return json.path("definitionIsRawText").asBoolean(false)
          ? DefinitionValidator.validate(definition.asText(), type())
          : DefinitionValidator.validate(definition, type());
    }

    /**
     * The workflow type of the recording. A few Express recordings do not carry {@code
     * stateMachineType}; their source test says Express (test_sfn_api_express.py,
     * test_validate_state_machine_definition_type_express).
     */
    StateMachineType type() {
      if (json.path("stateMachineType").asText("").equals("EXPRESS")) {
        return StateMachineType.EXPRESS;
      }
      String test = json.path("sourceDetail").path("test").asText("").toLowerCase();
      return test.contains("express") ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
    }
  }

  static Path root() {
    // The build passes the shared folder (pom.xml, surefire); elsewhere look upwards for it.
    String shared = System.getProperty("stepwise.shared");
    if (shared != null && Files.isDirectory(Path.of(shared, "conformance", "cases"))) {
      return Path.of(shared, "conformance", "cases");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/conformance/cases");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/conformance/cases not found above the working dir");
  }

  static List<Case> all() {
    try (Stream<Path> files = Files.walk(root())) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.getParent().equals(root()))
          .sorted()
          .map(ConformanceCases::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Case read(Path file) {
    try {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      return new Case(
          file.getParent().getFileName().toString(), name, Json.parse(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
