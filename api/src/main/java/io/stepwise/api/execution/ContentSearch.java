package io.stepwise.api.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ExecutionQuery;
import java.util.regex.Pattern;

/**
 * What a search looks for inside executions: the exact error name, a text in the cause (any case),
 * a JSON value the input or the output contains (PostgreSQL's {@code jsonb @>}). Null members do
 * not narrow. {@link #checked} refuses, with a line naming the field, a value too long or not JSON,
 * so the query the server runs stays bounded and never fails on a user's typo.
 */
public record ContentSearch(String error, String cause, String input, String output) {
  public static final ContentSearch NONE = new ContentSearch(null, null, null, null);

  /** The same search, validated, with the JSON values in PostgreSQL-readable canonical text. */
  public ContentSearch checked() {
    return new ContentSearch(
        text("error", error), text("cause", cause), json("input", input), json("output", output));
  }

  boolean any() {
    return error != null || cause != null || input != null || output != null;
  }

  private static String text(String field, String value) {
    if (value == null) return null;
    if (value.length() > ExecutionQuery.MAX_SEARCH_TEXT) {
      throw Validation.tooLong(field, ExecutionQuery.MAX_SEARCH_TEXT);
    }
    // PostgreSQL's text holds no U+0000: the query would fail instead of answering.
    if (value.indexOf('\u0000') >= 0) {
      throw Validation.failed("The " + field + " to search for may not contain U+0000");
    }
    return value;
  }

  /** What jsonb refuses in valid JSON (as V85's stepwise_searchable_json leaves out). */
  private static final Pattern NOT_JSONB = Pattern.compile("\\\\u(0000|[dD][89a-fA-F])");

  private static String json(String field, String value) {
    if (text(field, value) == null) return null;
    String normalized;
    try {
      normalized = Json.write(Json.parse(value));
    } catch (JsonProcessingException e) {
      throw Validation.failed(Validation.notJson("The " + field + " to search for", e));
    }
    if (NOT_JSONB.matcher(normalized).find()) {
      throw Validation.failed(
          "The "
              + field
              + " to search for holds \\u0000 or an escaped surrogate, which no search can match");
    }
    return normalized;
  }
}
