package io.stepwise.engine.asl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.PayloadTemplate;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicCall;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicSyntaxException;
import io.stepwise.engine.dataflow.jsonata.JsonataExpression;
import io.stepwise.engine.dataflow.jsonata.JsonataSyntaxException;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import io.stepwise.engine.dataflow.path.InvalidJsonPathException;
import io.stepwise.engine.dataflow.path.JsonPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Compiles payload templates and path-or-intrinsic values once, at parse time. */
final class TemplateCompiler {
  private TemplateCompiler() {}

  /** Compiles a Parameters/ResultSelector/ItemSelector value; null stays null. */
  static PayloadTemplate template(JsonNode json, String pointer) throws DefinitionException {
    if (json == null) return null;
    PayloadTemplate t = compile(json, pointer);
    return t;
  }

  private static PayloadTemplate compile(JsonNode json, String pointer) throws DefinitionException {
    if (json.isObject()) {
      List<PayloadTemplate.Field> fields = new ArrayList<>();
      boolean dynamic = false;
      Iterator<Map.Entry<String, JsonNode>> it = json.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.endsWith(".$")) {
          String name = key.substring(0, key.length() - 2);
          if (!e.getValue().isTextual()) {
            throw new DefinitionException(
                pointer, "The value for the field '" + key + "' must be a STRING");
          }
          fields.add(
              new PayloadTemplate.Field(name, dynamicValue(e.getValue().asText(), key, pointer)));
          dynamic = true;
        } else {
          PayloadTemplate value = compile(e.getValue(), pointer + "/" + key);
          dynamic |= !(value instanceof PayloadTemplate.Literal);
          fields.add(new PayloadTemplate.Field(key, value));
        }
      }
      return dynamic
          ? new PayloadTemplate.ObjectTemplate(List.copyOf(fields))
          : new PayloadTemplate.Literal(json);
    }
    if (json.isArray()) {
      List<PayloadTemplate> elements = new ArrayList<>();
      boolean dynamic = false;
      for (int i = 0; i < json.size(); i++) {
        PayloadTemplate value = compile(json.get(i), pointer + "/" + i);
        dynamic |= !(value instanceof PayloadTemplate.Literal);
        elements.add(value);
      }
      return dynamic
          ? new PayloadTemplate.ArrayTemplate(List.copyOf(elements))
          : new PayloadTemplate.Literal(json);
    }
    return new PayloadTemplate.Literal(json);
  }

  private static PayloadTemplate dynamicValue(String text, String key, String pointer)
      throws DefinitionException {
    if (text.startsWith("$")) return new PayloadTemplate.PathValue(path(text, key, pointer), key);
    return new PayloadTemplate.IntrinsicValue(intrinsic(text, key, pointer), key);
  }

  /** A field that is a path ({@code $...}) or an intrinsic call, as Fail's ErrorPath allows. */
  static ValueExpression pathOrIntrinsic(String text, String field, String pointer)
      throws DefinitionException {
    if (text.startsWith("$")) return new ValueExpression.PathRef(path(text, field, pointer), field);
    return new ValueExpression.Intrinsic(intrinsic(text, field, pointer), field);
  }

  /** Compiles a JSONata-state field's value; null stays null. */
  static JsonataTemplate jsonata(JsonNode json, String field, String pointer)
      throws DefinitionException {
    try {
      return JsonataTemplate.compile(json, field);
    } catch (JsonataSyntaxException e) {
      throw new DefinitionException(
          pointer + "/" + field,
          "The value for the field '"
              + field
              + "' must be a valid JSONata expression: "
              + e.getMessage());
    }
  }

  /** Compiles one JSONata expression (the text inside {@code {% %}}). */
  static JsonataExpression expression(String text, String field, String pointer)
      throws DefinitionException {
    try {
      return JsonataExpression.compile(text);
    } catch (JsonataSyntaxException e) {
      throw new DefinitionException(
          pointer + "/" + field,
          "The value for the field '"
              + field
              + "' must be a valid JSONata expression: "
              + e.getMessage());
    }
  }

  static JsonPath path(String text, String field, String pointer) throws DefinitionException {
    try {
      return JsonPath.compile(text);
    } catch (InvalidJsonPathException e) {
      throw new DefinitionException(
          pointer,
          "The value for the field '" + field + "' must be a valid JSONPath: " + e.getMessage());
    }
  }

  private static IntrinsicCall intrinsic(String text, String field, String pointer)
      throws DefinitionException {
    try {
      return IntrinsicCall.parse(text);
    } catch (IntrinsicSyntaxException e) {
      throw new DefinitionException(
          pointer,
          "The value for the field '"
              + field
              + "' must be a valid JSONPath or a valid intrinsic function call");
    }
  }
}
