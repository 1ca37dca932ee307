package io.stepwise.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class LayeredObjectNodeTest {
  private static ObjectNode parse(String json) {
    return (ObjectNode) Json.parseTrusted(json);
  }

  @Test
  void addsANewFieldLastAndLeavesTheOriginalAlone() {
    ObjectNode base = parse("{\"a\":1,\"b\":2}");
    ObjectNode out = LayeredObjectNode.with(base, "c", Json.text("x"));
    assertThat(Json.write(out)).isEqualTo("{\"a\":1,\"b\":2,\"c\":\"x\"}");
    assertThat(Json.write(base)).isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(out.size()).isEqualTo(3);
  }

  @Test
  void replacesAFieldInItsPlace() {
    ObjectNode out = LayeredObjectNode.with(parse("{\"a\":1,\"b\":2}"), "a", Json.text("x"));
    assertThat(Json.write(out)).isEqualTo("{\"a\":\"x\",\"b\":2}");
    assertThat(out.get("a").asText()).isEqualTo("x");
  }

  @Test
  void deepLayeringStaysEqualToAPlainObject() {
    ObjectNode layered = parse("{}");
    ObjectNode plain = Json.object();
    for (int i = 0; i < 50; i++) {
      JsonNode v = Json.NODES.numberNode(i);
      layered = LayeredObjectNode.with(layered, "k" + (i % 20), v);
      plain.set("k" + (i % 20), v);
    }
    assertThat(layered).isEqualTo(plain);
    assertThat(plain).isEqualTo(layered);
    assertThat(Json.write(layered)).isEqualTo(Json.write(plain));
    assertThat(layered.hashCode()).isEqualTo(plain.hashCode());
  }

  @Test
  void changingALayeredNodeInPlaceDoesNotReachItsBase() {
    ObjectNode base = parse("{\"a\":1}");
    ObjectNode first = LayeredObjectNode.with(base, "b", Json.text("x"));
    ObjectNode second = LayeredObjectNode.with(first, "c", Json.text("y"));
    second.remove("a");
    second.put("d", 4);
    assertThat(Json.write(second)).isEqualTo("{\"b\":\"x\",\"c\":\"y\",\"d\":4}");
    assertThat(Json.write(first)).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    assertThat(Json.write(base)).isEqualTo("{\"a\":1}");
  }
}
