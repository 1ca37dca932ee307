package io.stepwise.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * URL encoding of a JSON object for the HTTP task's {@code Transform.RequestBodyEncoding:
 * URL_ENCODED}, with AWS's {@code RequestEncodingOptions.ArrayFormat} (INDICES by default, REPEAT,
 * COMMAS, BRACKETS). Nested objects become {@code key[child]=value}.
 */
enum FormEncoding {
  INDICES,
  REPEAT,
  COMMAS,
  BRACKETS;

  /** Parses an ArrayFormat value; {@code null} gives the default, INDICES. */
  static FormEncoding parse(String arrayFormat) throws IllegalArgumentException {
    return arrayFormat == null ? INDICES : valueOf(arrayFormat.toUpperCase(Locale.ROOT));
  }

  /** Encodes {@code body} (an object) as {@code application/x-www-form-urlencoded} text. */
  String encode(JsonNode body) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (var field : body.properties()) {
      flatten(field.getKey(), field.getValue(), pairs);
    }
    StringJoiner out = new StringJoiner("&");
    for (var pair : pairs) {
      out.add(encodeComponent(pair.getKey()) + "=" + encodeComponent(pair.getValue()));
    }
    return out.toString();
  }

  private void flatten(String key, JsonNode value, List<Map.Entry<String, String>> pairs) {
    if (value.isObject()) {
      for (var field : value.properties()) {
        flatten(key + "[" + field.getKey() + "]", field.getValue(), pairs);
      }
    } else if (value.isArray()) {
      if (this == COMMAS) {
        StringJoiner joined = new StringJoiner(",");
        value.forEach(item -> joined.add(scalar(item)));
        pairs.add(Map.entry(key, joined.toString()));
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        String itemKey =
            switch (this) {
              case INDICES -> key + "[" + i + "]";
              case BRACKETS -> key + "[]";
              case REPEAT, COMMAS -> key;
            };
        flatten(itemKey, value.get(i), pairs);
      }
    } else {
      pairs.add(Map.entry(key, scalar(value)));
    }
  }

  /** The text of a scalar: strings unquoted, {@code null} as empty, anything else as JSON. */
  static String scalar(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }

  static String encodeComponent(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
