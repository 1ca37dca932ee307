package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.FORMAT;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.STRING_SPLIT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.engine.json.Json;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** States.Format and States.StringSplit. */
final class StringFunctions {
  private StringFunctions() {}

  /**
   * Replaces each placeholder with the next value. {@code template} is the one parsed from a
   * literal first argument, or null when the template is only known at run time. The result's
   * length is known before it is built (each distinct value is written out once), so a template
   * that repeats a large value thousands of times is refused without building it.
   */
  static JsonNode format(FormatTemplate template, JsonNode[] values, int maxLength) {
    FormatTemplate effective =
        template != null ? template : FormatTemplate.ofText(Arguments.string(FORMAT, 1, values[0]));
    int given = values.length - 1;
    if (effective.placeholderCount() != given) {
      throw IntrinsicFailure.invalidArguments(
          FORMAT,
          "the template has "
              + effective.placeholderCount()
              + " placeholders '{}' but "
              + given
              + (given == 1 ? " value was" : " values were")
              + " given");
    }
    List<String> pieces = effective.pieces();
    Map<JsonNode, String> written = new IdentityHashMap<>();
    String[] texts = new String[given];
    long length = 0;
    for (String piece : pieces) length += piece.length();
    for (int i = 0; i < given; i++) {
      texts[i] = written.computeIfAbsent(values[i + 1], StringFunctions::written);
      length += texts[i].length();
    }
    if (length > maxLength) throw IntrinsicFailure.tooLarge(FORMAT, length, maxLength);
    StringBuilder out = new StringBuilder((int) length).append(pieces.getFirst());
    for (int i = 1; i < pieces.size(); i++) out.append(texts[i - 1]).append(pieces.get(i));
    return Json.text(out.toString());
  }

  private static String written(JsonNode value) {
    StringBuilder out = new StringBuilder();
    appendValue(out, value);
    return out.toString();
  }

  /**
   * How AWS writes a value into a template: strings bare, objects and arrays the way Java prints a
   * Map or List ({@code {Arg1=1, Arg2=[]}}, intrinsics/format_2_7, intrinsics/context_json_path),
   * everything else as JSON.
   */
  private static void appendValue(StringBuilder out, JsonNode value) {
    if (value.isTextual()) {
      out.append(value.textValue());
    } else if (value.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.append(field.getKey()).append('=');
        appendValue(out, field.getValue());
        if (fields.hasNext()) out.append(", ");
      }
      out.append('}');
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) out.append(", ");
        appendValue(out, value.get(i));
      }
      out.append(']');
    } else {
      out.append(Json.write(value));
    }
  }

  /**
   * Splits at every character of the delimiter and drops empty pieces, as Java's StringTokenizer
   * does: ", , ," gives [" ", " "] (intrinsics/string_split_2) and ".+,=" splits at each of the
   * four (intrinsics/string_split_5).
   */
  static JsonNode split(JsonNode input, JsonNode delimiters) {
    String text = Arguments.string(STRING_SPLIT, 1, input);
    String delimiterSet = Arguments.string(STRING_SPLIT, 2, delimiters);
    ArrayNode pieces = Json.NODES.arrayNode();
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      boolean delimiter = delimiterSet.indexOf(codePoint) >= 0;
      if (delimiter && start >= 0) {
        pieces.add(text.substring(start, i));
        start = -1;
      } else if (!delimiter && start < 0) {
        start = i;
      }
      i += Character.charCount(codePoint);
    }
    if (start >= 0) pieces.add(text.substring(start));
    return pieces;
  }
}
