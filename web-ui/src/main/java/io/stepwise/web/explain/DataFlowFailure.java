package io.stepwise.web.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.web.page.PrettyJson;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state's data-flow failure read back from AWS's cause text: the stage it failed in (InputPath,
 * Parameters, ResultSelector, ResultPath, OutputPath, …), the field and path or expression, and the
 * value it failed on. AWS's "Invalid path" text does not name the stage, so the stage is the field
 * of the state's definition that holds that path.
 *
 * @param stage the data-flow stage
 * @param field the field named in the cause (e.g. {@code value.$}), or the stage
 * @param expression the path or JSONata expression that failed
 * @param valueLabel what {@code value} is ("the input it was applied to", …)
 * @param value the value it failed on, indented JSON, or empty when unknown
 * @param reason the rest of AWS's message
 */
public record DataFlowFailure(
    String stage, String field, String expression, String valueLabel, String value, String reason) {

  private static final Pattern NOT_FOUND =
      Pattern.compile(
          "The JSONPath '(.*?)' specified for the field '(.*?)' could not be found in the input"
              + " '(.*)'$",
          Pattern.DOTALL);
  private static final Pattern INVALID_PATH =
      Pattern.compile("Invalid path '(.*?)' : (.*)$", Pattern.DOTALL);
  private static final Pattern RESULT_PATH =
      Pattern.compile("Unable to apply ResultPath '(.*?)' to input: (.*)$", Pattern.DOTALL);
  private static final Pattern JSONATA =
      Pattern.compile(
          "The JSONata expression '(.*)' specified for the field '(.*?)' (.*)$", Pattern.DOTALL);
  private static final Pattern FOR_VALUE = Pattern.compile("for value: (.*)$", Pattern.DOTALL);

  /** Fields that hold payload templates, in the order data flows through them. */
  private static final List<String> TEMPLATES =
      List.of("Parameters", "ItemSelector", "Arguments", "ResultSelector", "Output", "Assign");

  /** Fields that hold a path applied to the state's input or result. */
  private static final List<String> PATHS =
      List.of(
          "InputPath",
          "ItemsPath",
          "ResultPath",
          "OutputPath",
          "TimeoutSecondsPath",
          "HeartbeatSecondsPath",
          "SecondsPath",
          "TimestampPath",
          "ErrorPath",
          "CausePath");

  /**
   * Reads a failure's cause; null when it is not a data-flow failure.
   *
   * @param state the failed state's definition JSON
   * @param input the state's input (from its StateEntered event)
   * @param result the state's task result when it had one, else null
   */
  public static DataFlowFailure parse(
      String cause, JsonNode state, JsonNode input, JsonNode result) {
    if (cause == null) return null;
    String message =
        cause.replaceFirst(
            "^An error occurred while executing the state '.*?' \\(entered at the event id #\\d+\\)\\. ",
            "");
    Matcher m = NOT_FOUND.matcher(message);
    if (m.find()) {
      String field = m.group(2);
      String stage = PATHS.contains(field) ? field : templateHolding(state, field);
      return new DataFlowFailure(
          stage,
          field,
          m.group(1),
          "the input it was looked up in",
          PrettyJson.of(m.group(3)),
          "could not be found");
    }
    m = RESULT_PATH.matcher(message);
    if (m.find()) {
      return new DataFlowFailure(
          "ResultPath",
          "ResultPath",
          m.group(1),
          "the state's input the result was to be placed in",
          PrettyJson.of(input),
          m.group(2));
    }
    m = INVALID_PATH.matcher(message);
    if (m.find()) {
      String stage = pathHolding(state, m.group(1));
      boolean onResult = stage.equals("OutputPath") || stage.equals("ResultPath");
      return new DataFlowFailure(
          stage,
          stage,
          m.group(1),
          onResult && result != null
              ? "the state's result (OutputPath reads the input with the result placed in it)"
              : "the state's input",
          PrettyJson.of(onResult && result != null ? result : input),
          m.group(2));
    }
    m = JSONATA.matcher(message);
    if (m.find()) {
      String field = m.group(2);
      Matcher v = FOR_VALUE.matcher(m.group(3));
      return new DataFlowFailure(
          field.contains("/") ? field.substring(0, field.indexOf('/')) : field,
          field,
          m.group(1),
          v.find() ? "the value it returned" : "the state's input",
          v.find(0) ? PrettyJson.of(v.group(1)) : PrettyJson.of(input),
          m.group(3));
    }
    return null;
  }

  /** The path field of the state whose value is {@code path}, or "a path field". */
  private static String pathHolding(JsonNode state, String path) {
    if (state != null) {
      for (String f : PATHS) {
        if (path.equals(state.path(f).asText(null))) return f;
      }
    }
    return "a path field";
  }

  /** The template field of the state that contains {@code key} at any depth, or "Parameters". */
  private static String templateHolding(JsonNode state, String key) {
    if (state != null) {
      for (String t : TEMPLATES) {
        if (contains(state.get(t), key)) return t;
      }
    }
    return "Parameters";
  }

  private static boolean contains(JsonNode node, String key) {
    if (node == null) return false;
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals(key) || contains(f.getValue(), key)) return true;
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) if (contains(item, key)) return true;
    }
    return false;
  }
}
