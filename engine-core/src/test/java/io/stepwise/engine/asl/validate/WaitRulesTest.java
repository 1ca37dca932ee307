package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.oneJsonataState;
import static io.stepwise.engine.asl.validate.Asl.oneState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaitRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'Seconds': 0",
        "'SecondsPath': '$.s'",
        "'Timestamp': '2016-03-14T01:59:00Z'",
        "'Timestamp': '2016-03-14T01:59:00.123+02:00'",
        "'TimestampPath': '$.t'"
      })
  void acceptsExactlyOneWaitField(String field) {
    assertThat(errors(oneState("{'Type': 'Wait', 'End': true, " + field + "}"))).isEmpty();
  }

  @Test
  void rejectsTwoWaitFields() {
    assertThat(
            errors(oneState("{'Type': 'Wait', 'End': true, 'Seconds': 1, 'SecondsPath': '$.s'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds,"
                + " Timestamp, SecondsPath, TimestampPath] at /States/S");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2016-13-05T21:29:29Z",
        "05-12-2016T21:29:29Z",
        "2016-12-05T25:29:29Z",
        "2016-12-05 21:29:29Z",
        "2016-12-05T21:29:29",
        "{% $now() %}"
      })
  void rejectsTimestampsThatAreNotRfc3339(String timestamp) {
    assertThat(errors(oneState("{'Type': 'Wait', 'End': true, 'Timestamp': '" + timestamp + "'}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at"
                + " /States/S/Timestamp");
  }

  @Test
  void acceptsAJsonataTimestampInAJsonataState() {
    assertThat(
            errors(
                oneJsonataState(
                    "{'Type': 'Wait', 'End': true, 'Timestamp': '{% $states.input.when %}'}")))
        .isEmpty();
  }

  @Test
  void rejectsPathFieldsInJsonataStates() {
    assertThat(errors(oneJsonataState("{'Type': 'Wait', 'End': true, 'SecondsPath': '$.s'}")))
        .contains("SCHEMA_VALIDATION_FAILED: Field 'SecondsPath' is not supported at /States/S");
  }
}
