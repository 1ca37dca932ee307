package io.stepwise.engine.dataflow.intrinsic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.json.Json;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the corpus cases of {@code cases/intrinsics} whose definition is a chain of Pass states with
 * Parameters, without an interpreter: Parameters are evaluated over the input, then ResultPath and
 * OutputPath applied. The conformance runner runs the same cases end to end.
 */
class IntrinsicsConformanceTest {
  private static final Set<String> PASS_FIELDS =
      Set.of("Type", "Comment", "Parameters", "ResultPath", "OutputPath", "Next", "End");

  /** How the recordings stand in for values that differ per run. */
  private static final String RANDOM_NUMBER = "RandomNumberGenerated";

  private static final String RANDOM_UUID = "generated-uuid";

  @TestFactory
  Stream<DynamicTest> intrinsicCasesProduceAwsOutput() {
    return Corpus.files("intrinsics").stream()
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
  }

  private static void run(Path file) throws Exception {
    JsonNode testCase = Corpus.read(file);
    JsonNode definition = testCase.get("definition");
    JsonNode expect = testCase.get("expect");
    Assumptions.assumeTrue("SUCCEEDED".equals(expect.path("status").asText()), "not a success");
    Assumptions.assumeFalse(
        Json.write(expect.get("output")).contains("<"), "output depends on execution names");
    JsonNode input = testCase.has("input") ? testCase.get("input") : Json.object();
    ObjectNode contextObject = Json.object();
    contextObject.putObject("Execution").set("Input", input);

    JsonNode data = input;
    JsonNode state = definition.get("States").get(definition.get("StartAt").asText());
    while (true) {
      state
          .fieldNames()
          .forEachRemaining(
              field -> Assumptions.assumeTrue(PASS_FIELDS.contains(field), "uses " + field));
      Assumptions.assumeTrue("Pass".equals(state.get("Type").asText()), "not a Pass state");
      JsonNode result = template(state.get("Parameters"), new TestContext(data, contextObject, 11));
      data =
          state.has("ResultPath")
              ? JsonPath.compile(state.get("ResultPath").asText()).set(data, result)
              : result;
      if (state.has("OutputPath"))
        data = JsonPath.compile(state.get("OutputPath").asText()).read(data);
      if (state.path("End").asBoolean()) break;
      state = definition.get("States").get(state.get("Next").asText());
    }
    assertMatches(data, expect.get("output"));
  }

  /** Evaluates a Parameters template: {@code .$} fields are paths or intrinsic calls. */
  private static JsonNode template(JsonNode template, TestContext context) throws Exception {
    if (template.isObject()) {
      ObjectNode out = Json.object();
      for (Map.Entry<String, JsonNode> field : template.properties()) {
        String key = field.getKey();
        if (key.endsWith(".$")) {
          String text = field.getValue().asText();
          JsonNode value =
              text.startsWith("$")
                  ? context.resolve(JsonPath.compile(text))
                  : IntrinsicCall.parse(text).evaluate(context);
          out.set(key.substring(0, key.length() - 2), value);
        } else {
          out.set(key, template(field.getValue(), context));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = Json.NODES.arrayNode();
      for (JsonNode element : template) out.add(template(element, context));
      return out;
    }
    return template;
  }

  /** Equal, where the recording's stand-ins for random values match any value of that shape. */
  private static void assertMatches(JsonNode actual, JsonNode expected) {
    if (expected.isTextual() && expected.textValue().equals(RANDOM_NUMBER)) {
      assertThat(actual.isIntegralNumber()).as("a random integer: %s", actual).isTrue();
    } else if (expected.isTextual() && expected.textValue().equals(RANDOM_UUID)) {
      assertThat(UUID.fromString(actual.textValue()).version()).isEqualTo(4);
    } else if (expected.isObject()) {
      assertThat(actual.isObject()).as("an object: %s", actual).isTrue();
      assertThat(iterable(actual.fieldNames()))
          .containsExactlyInAnyOrderElementsOf(iterable(expected.fieldNames()));
      for (Map.Entry<String, JsonNode> field : expected.properties()) {
        assertMatches(actual.get(field.getKey()), field.getValue());
      }
    } else {
      assertThat(JsonEquality.equal(actual, expected))
          .as("expected %s but was %s", expected, actual)
          .isTrue();
    }
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    return () -> iterator;
  }
}
