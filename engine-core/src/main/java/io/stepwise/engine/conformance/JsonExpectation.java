package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.stepwise.engine.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Compares an actual JSON value with a recorded one. Recordings replace run-specific values with
 * placeholders ({@link Placeholders}); paths listed as nondeterministic must exist but are not
 * compared. Where the recording holds JSON text (AWS's history payloads), both texts are compared
 * parsed, so spacing and number spelling do not count.
 */
final class JsonExpectation {
  private static final ObjectReader STRICT =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Placeholders placeholders;
  private final Set<String> ignored;
  private final boolean jsonTextInside;

  JsonExpectation(Placeholders placeholders, Set<String> ignored) {
    this(placeholders, ignored, false);
  }

  /**
   * @param jsonTextInside strings inside values that hold JSON objects or arrays are compared
   *     parsed too: the recordings' spacing of JSON text is the recording tool's, not AWS's (the
   *     same Lambda cause is compact in errors/raise_exception_catch's LambdaFunctionFailed and
   *     spaced in the Catch output after it)
   */
  JsonExpectation(Placeholders placeholders, Set<String> ignored, boolean jsonTextInside) {
    this.placeholders = placeholders;
    this.ignored = ignored;
    this.jsonTextInside = jsonTextInside;
  }

  /** Null when equal, else a short description of the first difference. */
  static String difference(JsonNode expected, JsonNode actual, Set<String> ignored) {
    return new JsonExpectation(Placeholders.ANY, ignored).difference(expected, actual);
  }

  /** Null when equal, else a short description of the first difference. */
  String difference(JsonNode expected, JsonNode actual) {
    return diff(expected, actual, "$");
  }

  /**
   * Two JSON texts, compared parsed (each a document of its own, which the nondeterministic paths
   * address from its root); as text when either is not JSON.
   */
  String jsonTextDifference(String expected, String actual, String at) {
    if (placeholders.matches(expected, actual)) return null;
    JsonNode e = parseOrNull(expected);
    JsonNode a = parseOrNull(actual);
    if (e == null || a == null) {
      return "at " + at + ": expected " + shorten(expected) + " but got " + shorten(actual);
    }
    String d = diff(e, a, "$");
    return d == null ? null : at + " " + d;
  }

  private String diff(JsonNode expected, JsonNode actual, String at) {
    if (ignored.contains(at)) {
      return actual == null || actual.isMissingNode() ? "missing " + at : null;
    }
    if (actual == null || actual.isMissingNode()) return "missing " + at;
    if (expected.isObject() && actual.isObject()) {
      if (expected.size() != actual.size()) {
        return "at " + at + ": expected keys " + keys(expected) + " but got " + keys(actual);
      }
      Iterator<String> names = expected.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String d = diff(expected.get(name), actual.get(name), at + "." + name);
        if (d != null) return d;
      }
      return null;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return "at " + at + ": expected " + expected.size() + " elements but got " + actual.size();
      }
      for (int i = 0; i < expected.size(); i++) {
        String d = diff(expected.get(i), actual.get(i), at + "[" + i + "]");
        if (d != null) return d;
      }
      return null;
    }
    if (expected.isTextual() && actual.isTextual()) {
      if (placeholders.matches(expected.textValue(), actual.textValue())) return null;
      if (jsonTextInside) {
        JsonNode e = parseOrNull(expected.textValue());
        JsonNode a = e != null && e.isContainerNode() ? parseOrNull(actual.textValue()) : null;
        if (a != null) return diff(e, a, at);
      }
      return "at " + at + ": expected " + Json.write(expected) + " but got " + Json.write(actual);
    }
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0
          ? null
          : "at " + at + ": expected " + expected + " but got " + actual;
    }
    return expected.equals(actual)
        ? null
        : "at "
            + at
            + ": expected "
            + shorten(Json.write(expected))
            + " but got "
            + shorten(Json.write(actual));
  }

  /** The value of a whole JSON text, or null when it is not one (trailing text included). */
  private static JsonNode parseOrNull(String text) {
    try {
      return STRICT.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }

  private static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    Collections.sort(out);
    return out;
  }

  static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
