package io.stepwise.web.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;

/** JSON shown to people: indented, or the text as it came when it is not JSON. */
public final class PrettyJson {
  private PrettyJson() {}

  /** The value indented; empty for null. */
  public static String of(JsonNode value) {
    if (value == null) return "";
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return value.toString();
    }
  }

  /** JSON text indented; text that is not JSON comes back unchanged; empty for null. */
  public static String of(String text) {
    if (text == null) return "";
    try {
      return of(Json.parse(text));
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
