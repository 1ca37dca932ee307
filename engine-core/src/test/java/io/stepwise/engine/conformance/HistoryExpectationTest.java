package io.stepwise.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryExpectationTest {
  private static JsonNode json(String text) {
    return Json.parseTrusted(text);
  }

  private static List<JsonNode> list(String text) {
    List<JsonNode> out = new ArrayList<>();
    json(text).forEach(out::add);
    return out;
  }

  private static HistoryExpectation expectation(boolean concurrent) {
    return new HistoryExpectation(
        new JsonExpectation(Placeholders.ANY, Set.of(), true), concurrent);
  }

  private static final String STARTED =
      """
      {"type":"ExecutionStarted","id":1,"previousEventId":0,
       "executionStartedEventDetails":{"input":"{\\"a\\": 1}","inputDetails":{"truncated":false},
       "roleArn":"snf_role_arn"}}""";

  @Test
  void comparesJsonTextParsedAndPlaceholdersAsWildcards() {
    JsonNode recorded = json("[" + STARTED + "]");
    List<JsonNode> same =
        list(
            """
            [{"type":"ExecutionStarted","id":1,"previousEventId":0,"timestamp":1.5,
              "executionStartedEventDetails":{"input":"{\\"a\\":1}","inputDetails":{"truncated":false},
              "roleArn":"arn:aws:iam::123456789012:role/r"}}]""");
    assertThat(expectation(false).difference(recorded, same)).isNull();

    List<JsonNode> otherInput =
        list(
            """
            [{"type":"ExecutionStarted","id":1,"previousEventId":0,
              "executionStartedEventDetails":{"input":"{\\"a\\":2}","inputDetails":{"truncated":false},
              "roleArn":"r"}}]""");
    assertThat(expectation(false).difference(recorded, otherInput)).contains("$.a");

    List<JsonNode> extraField =
        list(
            """
            [{"type":"ExecutionStarted","id":1,"previousEventId":0,
              "executionStartedEventDetails":{"input":"{\\"a\\":1}","inputDetails":{"truncated":false},
              "roleArn":"r","stateMachineArn":"arn"}}]""");
    assertThat(expectation(false).difference(recorded, extraField)).contains("stateMachineArn");
  }

  @Test
  void aStringOfTheCaseIsLiteralEvenWhereTheRecordingUsesItAsAPlaceholder() {
    var c =
        new ConformanceCase(
            "x/y.json", "x", json("{\"definition\":{},\"input\":{\"when\":\"date\"}}"));
    assertThat(Placeholders.of(c).matches("date", "2024-01-01")).isFalse();
    assertThat(Placeholders.of(c).matches("timestamp", "2024-01-01")).isTrue();
    assertThat(
            Placeholders.of(c)
                .matches("arn:aws:iam::111111111111:role/<r>", "arn:aws:iam::1:role/x"))
        .isTrue();
  }

  /** Two Map iterations: AWS ran them one after the other, another run interleaves them. */
  private static final String SEQUENTIAL =
      """
      [{"type":"ExecutionStarted","id":1,"previousEventId":0},
       {"type":"MapStateEntered","id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"M"}},
       {"type":"MapStateStarted","id":3,"previousEventId":2,"mapStateStartedEventDetails":{"length":2}},
       {"type":"MapIterationStarted","id":4,"previousEventId":3,"mapIterationStartedEventDetails":{"name":"M","index":0}},
       {"type":"PassStateEntered","id":5,"previousEventId":4,"stateEnteredEventDetails":{"name":"P"}},
       {"type":"MapIterationStarted","id":6,"previousEventId":3,"mapIterationStartedEventDetails":{"name":"M","index":1}},
       {"type":"PassStateEntered","id":7,"previousEventId":6,"stateEnteredEventDetails":{"name":"P"}},
       {"type":"PassStateExited","id":8,"previousEventId":5,"stateExitedEventDetails":{"name":"P"}},
       {"type":"MapIterationSucceeded","id":9,"previousEventId":8,"mapIterationSucceededEventDetails":{"name":"M","index":0}},
       {"type":"PassStateExited","id":10,"previousEventId":7,"stateExitedEventDetails":{"name":"P"}},
       {"type":"MapIterationSucceeded","id":11,"previousEventId":10,"mapIterationSucceededEventDetails":{"name":"M","index":1}},
       {"type":"MapStateSucceeded","id":12,"previousEventId":11},
       {"type":"MapStateExited","id":13,"previousEventId":11,"stateExitedEventDetails":{"name":"M"}},
       {"type":"ExecutionSucceeded","id":14,"previousEventId":13}]""";

  private static final String INTERLEAVED =
      """
      [{"type":"ExecutionStarted","id":1,"previousEventId":0},
       {"type":"MapStateEntered","id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"M"}},
       {"type":"MapStateStarted","id":3,"previousEventId":2,"mapStateStartedEventDetails":{"length":2}},
       {"type":"MapIterationStarted","id":4,"previousEventId":3,"mapIterationStartedEventDetails":{"name":"M","index":1}},
       {"type":"PassStateEntered","id":5,"previousEventId":4,"stateEnteredEventDetails":{"name":"P"}},
       {"type":"MapIterationStarted","id":6,"previousEventId":3,"mapIterationStartedEventDetails":{"name":"M","index":0}},
       {"type":"PassStateEntered","id":7,"previousEventId":6,"stateEnteredEventDetails":{"name":"P"}},
       {"type":"PassStateExited","id":8,"previousEventId":7,"stateExitedEventDetails":{"name":"P"}},
       {"type":"MapIterationSucceeded","id":9,"previousEventId":8,"mapIterationSucceededEventDetails":{"name":"M","index":0}},
       {"type":"PassStateExited","id":10,"previousEventId":5,"stateExitedEventDetails":{"name":"P"}},
       {"type":"MapIterationSucceeded","id":11,"previousEventId":10,"mapIterationSucceededEventDetails":{"name":"M","index":1}},
       {"type":"MapStateSucceeded","id":12,"previousEventId":11},
       {"type":"MapStateExited","id":13,"previousEventId":11,"stateExitedEventDetails":{"name":"M"}},
       {"type":"ExecutionSucceeded","id":14,"previousEventId":13}]""";

  @Test
  void concurrentIterationsAreComparedPerBranchWhereTheCaseSaysTheyInterleave() {
    assertThat(expectation(true).difference(json(SEQUENTIAL), list(INTERLEAVED))).isNull();
    assertThat(expectation(false).difference(json(SEQUENTIAL), list(INTERLEAVED)))
        .contains("event 4");
  }

  @Test
  void perBranchAnEventMustStillFollowFromTheSameEvent() {
    // The second iteration's exit follows from the first iteration's entry: wrong in any order.
    String wrong =
        INTERLEAVED.replace("\"id\":10,\"previousEventId\":5", "\"id\":10,\"previousEventId\":7");
    assertThat(expectation(true).difference(json(SEQUENTIAL), list(wrong)))
        .contains("follows from");
  }
}
