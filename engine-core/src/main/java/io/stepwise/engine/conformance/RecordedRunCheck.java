package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a recorded history is of the run the case describes. Some recordings kept the recording
 * tool's stand-ins where the case gives its own values (an execution input with {@code
 * "lambda_function_name"} where the case's input says {@code "lambda_u001"}, a function ARN other
 * than the definition's): such a history is of another run, and is not compared. The report says
 * so, and {@code history-not-comparable.txt} lists every such case, so none goes unnoticed.
 */
final class RecordedRunCheck {
  private static final Pattern FUNCTION = Pattern.compile(":function:([A-Za-z0-9_<>-]+)");

  private RecordedRunCheck() {}

  /** Null when the recorded history is of the case's run, else why not. */
  static String otherRun(ConformanceCase c, JsonExpectation values) {
    JsonNode history = c.expect().path("history");
    JsonNode started = history.path(0).path("executionStartedEventDetails").path("input");
    if (started.isTextual()) {
      JsonNode input = c.json().has("input") ? c.json().get("input") : Json.object();
      String d = values.jsonTextDifference(started.textValue(), Json.write(input), "input");
      if (d != null) return "AWS's run had another input than the case's: " + d;
    }
    Set<String> named = functions(Json.write(c.definition()) + Json.write(c.json().path("input")));
    Set<String> called = new TreeSet<>(functions(Json.write(history)));
    called.removeIf(name -> name.contains("<") || named.contains(name));
    if (!called.isEmpty()) {
      return "AWS's run called function " + called + ", the case names " + new TreeSet<>(named);
    }
    return null;
  }

  private static Set<String> functions(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = FUNCTION.matcher(text);
    while (m.find()) names.add(m.group(1));
    return names;
  }
}
