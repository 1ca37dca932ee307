package io.stepwise.engine.asl.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Holds the validator to what AWS did with every definition of the conformance corpus. */
class DefinitionValidatorCorpusTest {
  private static final Set<String> REFUSAL_CATEGORIES = Set.of("validation", "validate_api");
  private static final String AWS_PREFIX = "Invalid State Machine Definition:";

  @TestFactory
  Stream<DynamicTest> acceptsEveryDefinitionAwsAccepted() {
    return ConformanceCases.all().stream()
        .filter(c -> !REFUSAL_CATEGORIES.contains(c.category()))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.category() + "/" + c.name(),
                    () ->
                        assertThat(c.validate().invalidDefinitionMessage())
                            .as("AWS accepted this definition")
                            .isNull()));
  }

  @TestFactory
  Stream<DynamicTest> refusesEveryDefinitionAwsRefused() {
    return ConformanceCases.all().stream()
        .filter(c -> c.category().equals("validation"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      ValidationResult result = c.validate();
                      assertThat(result.ok()).as("AWS refused this definition").isFalse();
                      String message = c.json().path("expect").path("message").asText("");
                      // The Label cases were recorded from localstack and carry its wording.
                      if (message.startsWith(AWS_PREFIX)) {
                        assertThat(result.invalidDefinitionMessage()).isEqualTo(message);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> givesTheDiagnosticsOfValidateStateMachineDefinition() {
    return ConformanceCases.all().stream()
        .filter(c -> c.category().equals("validate_api"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      JsonNode expected =
                          c.json().path("expect").path("validateStateMachineDefinition");
                      ValidationResult result = c.validate();
                      assertThat(result.diagnostics()).isEqualTo(recorded(expected));
                      assertThat(result.ok())
                          .isEqualTo(expected.path("result").asText().equals("OK"));
                    }));
  }

  private static List<Diagnostic> recorded(JsonNode response) {
    List<Diagnostic> all = new ArrayList<>();
    for (JsonNode d : response.path("diagnostics")) {
      all.add(
          new Diagnostic(
              d.path("code").asText(),
              d.hasNonNull("location") ? d.get("location").asText() : null,
              d.path("message").asText(),
              Diagnostic.Severity.valueOf(d.path("severity").asText())));
    }
    return all;
  }
}
