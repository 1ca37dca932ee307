package io.stepwise.engine.dataflow.jsonata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.json.Json;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AwsFunctionsTest {
  private static JsonNode eval(String expression, long seed) {
    try {
      DataScope scope =
          new DataScope(
              Json.object(),
              Json::object,
              new SplittableRandom(seed),
              (ObjectNode) Json.object(),
              null);
      return JsonataExpression.compile(expression).evaluate(scope, "Output");
    } catch (JsonataSyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode eval(String expression) {
    return eval(expression, 1);
  }

  @Test
  void partitionSplitsIntoChunks() {
    assertThat(Json.write(eval("$partition([0,1,2,3], 3)"))).isEqualTo("[[0,1,2],[3]]");
    assertThat(Json.write(eval("$partition([0], 1)"))).isEqualTo("[[0]]");
  }

  @Test
  void rangeIsInclusiveAndASingleValueComesAlone() {
    assertThat(Json.write(eval("$range(0, 9, 3)"))).isEqualTo("[0,3,6,9]");
    assertThat(Json.write(eval("$range(1, 9, 9)"))).isEqualTo("1");
  }

  @Test
  void hashIsHexDigest() {
    assertThat(eval("$hash('abc', 'SHA-256')").textValue())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(eval("$hash('abc', 'MD5')").textValue())
        .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
  }

  @Test
  void parseReadsJsonText() {
    assertThat(Json.write(eval("$parse('{\"a\": [1, true]}')"))).isEqualTo("{\"a\":[1,true]}");
    assertThat(Json.write(eval("$parse('-0')"))).isEqualTo("0");
  }

  @Test
  void uuidAndRandomFollowTheExecutionSeed() {
    String uuid = eval("$uuid()", 5).textValue();
    assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(eval("$uuid()", 5).textValue()).isEqualTo(uuid);
    double r = eval("$random()", 5).doubleValue();
    assertThat(r).isBetween(0.0, 1.0);
    assertThat(eval("$random(42)", 1)).isEqualTo(eval("$random(42)", 2));
  }
}
