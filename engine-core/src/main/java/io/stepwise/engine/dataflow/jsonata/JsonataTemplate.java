package io.stepwise.engine.dataflow.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSONata-state field (Arguments, Output, Assign, Items, ItemSelector, Condition...): a string
 * {@code "{% expr %}"} is an expression, any other JSON is a literal, and objects and arrays may
 * hold expressions at any depth (jsonata/base_cases_base_literals). Compiled once.
 */
public sealed interface JsonataTemplate extends Template {

  /** Compiles a field's value; {@code field} names it in messages (e.g. {@code Output}). */
  static JsonataTemplate compile(JsonNode json, String field) throws JsonataSyntaxException {
    if (json == null) return null;
    if (isExpression(json)) {
      return new Expression(JsonataExpression.compile(body(json.textValue())), field);
    }
    if (json.isObject()) {
      List<Field> fields = new ArrayList<>();
      boolean dynamic = false;
      Iterator<Map.Entry<String, JsonNode>> it = json.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonataTemplate value = compile(e.getValue(), field + "/" + e.getKey());
        dynamic |= !(value instanceof Literal);
        fields.add(new Field(e.getKey(), value));
      }
      return dynamic ? new ObjectTemplate(List.copyOf(fields)) : new Literal(json);
    }
    if (json.isArray()) {
      List<JsonataTemplate> elements = new ArrayList<>();
      boolean dynamic = false;
      for (int i = 0; i < json.size(); i++) {
        JsonataTemplate value = compile(json.get(i), field + "/" + i);
        dynamic |= !(value instanceof Literal);
        elements.add(value);
      }
      return dynamic ? new ArrayTemplate(List.copyOf(elements)) : new Literal(json);
    }
    return new Literal(json);
  }

  /** True for a string that is a whole {@code {% ... %}} expression. */
  static boolean isExpression(JsonNode json) {
    if (json == null || !json.isTextual()) return false;
    String s = json.textValue();
    return s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
  }

  /** The expression inside {@code {% %}}, trimmed. */
  static String body(String text) {
    return text.substring(2, text.length() - 2).trim();
  }

  /**
   * The value, which must be of the JSONata type named (e.g. {@code array} for a Map's Items,
   * map/map_state_items_eval_jsonata_fail_boolean).
   */
  default JsonNode evaluate(DataScope scope, String expectedType) {
    JsonNode value = evaluate(scope);
    if (!QueryErrors.typeName(value).equals(expectedType)) {
      if (this instanceof Expression e) {
        throw QueryErrors.unexpectedType(e.expression().text(), e.field(), expectedType, value);
      }
      throw QueryErrors.error(
          "The field value is not of the expected type '"
              + expectedType
              + "': "
              + Json.write(value));
    }
    return value;
  }

  /** A value without expressions: returned as is. */
  record Literal(JsonNode value) implements JsonataTemplate {
    @Override
    public JsonNode evaluate(DataScope scope) {
      return value;
    }
  }

  /** {@code "{% expr %}"}. */
  record Expression(JsonataExpression expression, String field) implements JsonataTemplate {
    @Override
    public JsonNode evaluate(DataScope scope) {
      return expression.evaluate(scope, field);
    }
  }

  /** An object with an expression somewhere below it. */
  record ObjectTemplate(List<Field> fields) implements JsonataTemplate {
    @Override
    public JsonNode evaluate(DataScope scope) {
      ObjectNode out = Json.object();
      for (Field f : fields) out.set(f.name(), f.value().evaluate(scope));
      return out;
    }
  }

  /** An array with an expression somewhere below it. */
  record ArrayTemplate(List<JsonataTemplate> elements) implements JsonataTemplate {
    @Override
    public JsonNode evaluate(DataScope scope) {
      ArrayNode out = Json.NODES.arrayNode(elements.size());
      for (JsonataTemplate e : elements) out.add(e.evaluate(scope));
      return out;
    }
  }

  /** One field of an object template. */
  record Field(String name, JsonataTemplate value) {}
}
