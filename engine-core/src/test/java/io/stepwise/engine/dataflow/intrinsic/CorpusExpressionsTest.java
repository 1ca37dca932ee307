package io.stepwise.engine.dataflow.intrinsic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every intrinsic call in a {@code .$} field of the corpus parses, except those AWS refused at
 * creation (the validation folders).
 */
class CorpusExpressionsTest {

  @TestFactory
  Stream<DynamicTest> everyCallAwsAcceptedParses() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : Corpus.files(null)) {
      String category = Corpus.cases().relativize(file).getName(0).toString();
      if (category.startsWith("validat")) continue;
      JsonNode definition = Corpus.read(file).get("definition");
      for (String call : calls(definition)) {
        tests.add(
            DynamicTest.dynamicTest(
                file.getFileName() + ": " + call,
                () -> assertThat(IntrinsicCall.parse(call)).isNotNull()));
      }
    }
    assertThat(tests).hasSizeGreaterThan(100);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> callsWithIllegalEscapesAreRejected() {
    return Corpus.files("validation").stream()
        .filter(file -> file.getFileName().toString().startsWith("illegal_escapes_"))
        .flatMap(file -> calls(Corpus.read(file).get("definition")).stream())
        .map(
            call ->
                DynamicTest.dynamicTest(
                    call,
                    () ->
                        assertThatThrownBy(() -> IntrinsicCall.parse(call))
                            .isInstanceOf(IntrinsicSyntaxException.class)
                            .hasMessageContaining("illegal escape")));
  }

  /**
   * The values of {@code .$} fields that are intrinsic calls, anywhere in a definition but inside a
   * Pass state's literal {@code Result}, where a {@code .$} key is just a name
   * (paths/escape_sequence_parsing_escape_sequences_string_literals).
   */
  private static List<String> calls(JsonNode definition) {
    List<String> calls = new ArrayList<>();
    collect(definition, calls);
    return calls;
  }

  private static void collect(JsonNode node, List<String> calls) {
    if (node == null) return;
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = field.getValue();
        if (field.getKey().equals("Result")) continue;
        if (field.getKey().endsWith(".$")
            && value.isTextual()
            && IntrinsicCall.looksLikeCall(value.textValue())) {
          calls.add(value.textValue());
        } else {
          collect(value, calls);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) collect(element, calls);
    }
  }
}
