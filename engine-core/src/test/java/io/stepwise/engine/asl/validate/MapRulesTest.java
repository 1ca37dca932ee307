package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.oneJsonataState;
import static io.stepwise.engine.asl.validate.Asl.oneState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MapRulesTest {
  private static final String PROCESSOR =
      "'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'},"
          + " 'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'End': true}}}";

  private static String map(String fields) {
    return oneState("{'Type': 'Map', 'End': true, " + PROCESSOR + fields + "}");
  }

  @Test
  void acceptsADistributedMapWithItsOptions() {
    String fields =
        ", 'ItemsPath': '$.items', 'MaxConcurrency': 10, 'ToleratedFailurePercentage': 5.5,"
            + " 'ToleratedFailureCountPath': '$.n', 'Label': 'my-label_1',"
            + " 'ItemSelector': {'v.$': '$$.Map.Item.Value'},"
            + " 'ItemBatcher': {'MaxItemsPerBatch': 5}";
    assertThat(errors(map(fields))).isEmpty();
  }

  @Test
  void requiresAProcessor() {
    assertThat(errors(oneState("{'Type': 'Map', 'End': true}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: These fields are required: [ItemProcessor] at /States/S");
  }

  @Test
  void checksTheStatesOfTheProcessorAsAScope() {
    String state =
        "{'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'I', 'States':"
            + " {'I': {'Type': 'Pass', 'Next': 'Out'}}}}";
    assertThat(errors(oneState(state)))
        .contains(
            "MISSING_TRANSITION_TARGET: Missing 'Next' target: Out at"
                + " /States/S/Iterator/States/I/Next");
  }

  @Test
  void rejectsAnUnknownProcessorMode() {
    String state =
        "{'Type': 'Map', 'End': true, 'ItemProcessor': {'ProcessorConfig': {'Mode': 'FAST'},"
            + " 'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'End': true}}}}";
    assertThat(errors(oneState(state)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The field 'Mode' should have one of these values: [INLINE,"
                + " DISTRIBUTED] at /States/S/ItemProcessor/ProcessorConfig/Mode");
  }

  @Test
  void rejectsToleratedFailurePercentageAboveHundred() {
    assertThat(errors(map(", 'ToleratedFailurePercentage': 101"))).hasSize(1);
  }

  @Test
  void rejectsNegativeMaxConcurrency() {
    assertThat(errors(map(", 'MaxConcurrency': -1")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'MaxConcurrency' must be a"
                + " non-negative integer at /States/S/MaxConcurrency");
  }

  @Test
  void rejectsAnEmptyLabel() {
    assertThat(errors(map(", 'Label': ''"))).hasSize(1);
  }

  @Test
  void rejectsALabelLongerThanFortyCharacters() {
    assertThat(errors(map(", 'Label': '" + "x".repeat(41) + "'"))).hasSize(1);
    assertThat(errors(map(", 'Label': '" + "x".repeat(40) + "'"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "<", "?", "#", "\\\\", "/", "\\u0000", "\\u007f", "\\u009f"})
  void rejectsLabelsWithCharactersAwsForbids(String character) {
    assertThat(errors(map(", 'Label': 'label_" + character + "'"))).hasSize(1);
  }

  @Test
  void acceptsJsonataItemsAndConcurrency() {
    String state =
        "{'Type': 'Map', 'End': true, 'Items': '{% $states.input.list %}',"
            + " 'MaxConcurrency': '{% 2 %}', 'ItemProcessor': {'StartAt': 'I', 'States':"
            + " {'I': {'Type': 'Pass', 'End': true}}}}";
    assertThat(errors(oneJsonataState(state))).isEmpty();
  }
}
