package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares an actual JSON value with a recorded one. Recordings replace run-specific values with
 * placeholders such as {@code <uuid:1>} or {@code arn:<partition>:...}: a placeholder matches any
 * text. Paths listed as nondeterministic must exist but are not compared.
 */
final class JsonExpectation {
  private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][A-Za-z0-9_:\\-]*>");

  private JsonExpectation() {}

  /** Null when equal, else a short description of the first difference. */
  static String difference(JsonNode expected, JsonNode actual, Set<String> ignored) {
    return diff(expected, actual, "$", ignored);
  }

  private static String diff(JsonNode expected, JsonNode actual, String at, Set<String> ignored) {
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
        String d = diff(expected.get(name), actual.get(name), at + "." + name, ignored);
        if (d != null) return d;
      }
      return null;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return "at " + at + ": expected " + expected.size() + " elements but got " + actual.size();
      }
      for (int i = 0; i < expected.size(); i++) {
        String d = diff(expected.get(i), actual.get(i), at + "[" + i + "]", ignored);
        if (d != null) return d;
      }
      return null;
    }
    if (expected.isTextual() && actual.isTextual()) {
      return textMatches(expected.textValue(), actual.textValue())
          ? null
          : "at " + at + ": expected " + Json.write(expected) + " but got " + Json.write(actual);
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

  /** Exact text, or a match where each placeholder stands for any text. */
  static boolean textMatches(String expected, String actual) {
    if (expected.equals(actual)) return true;
    Matcher m = PLACEHOLDER.matcher(expected);
    if (!m.find()) return false;
    StringBuilder regex = new StringBuilder();
    int last = 0;
    m.reset();
    while (m.find()) {
      regex.append(Pattern.quote(expected.substring(last, m.start()))).append("(?s:.*?)");
      last = m.end();
    }
    regex.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
  }

  private static List<String> keys(JsonNode node) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    java.util.Collections.sort(out);
    return out;
  }

  static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
