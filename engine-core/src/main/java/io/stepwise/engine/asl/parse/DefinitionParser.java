package io.stepwise.engine.asl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.Catcher;
import io.stepwise.engine.asl.DataPath;
import io.stepwise.engine.asl.FailState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.PassState;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.asl.Retrier;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateBase;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.SucceedState;
import io.stepwise.engine.asl.TaskState;
import io.stepwise.engine.asl.Transition;
import io.stepwise.engine.asl.WaitState;
import io.stepwise.engine.dataflow.ValueExpression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a definition's JSON into the immutable {@link StateMachineDefinition} tree, compiling
 * paths, templates and intrinsic calls once. It expects a definition the validator accepted and
 * reports anything it cannot build as a {@link DefinitionException} with its location.
 */
public final class DefinitionParser {
  private DefinitionParser() {}

  /** Parses a whole definition. */
  public static StateMachineDefinition parse(JsonNode json) throws DefinitionException {
    if (json == null || !json.isObject()) {
      throw new DefinitionException("/", "Definition must be a valid JSON object");
    }
    QueryLanguage ql = queryLanguage(json, QueryLanguage.JSONPATH);
    StateGraph graph = graph(json, "", ql);
    JsonNode timeout = json.get("TimeoutSeconds");
    return new StateMachineDefinition(
        graph,
        text(json, "Comment"),
        timeout != null && timeout.isIntegralNumber() ? timeout.intValue() : null,
        ql,
        json);
  }

  static StateGraph graph(JsonNode json, String pointer, QueryLanguage inherited)
      throws DefinitionException {
    JsonNode states = json.get("States");
    String startAt = text(json, "StartAt");
    if (startAt == null)
      throw new DefinitionException(pointer + "/", "These fields are required: [StartAt]");
    if (states == null || !states.isObject()) {
      throw new DefinitionException(pointer + "/", "These fields are required: [States]");
    }
    Map<String, State> parsed = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = states.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String statePointer = pointer + "/States/" + e.getKey();
      parsed.put(e.getKey(), state(e.getKey(), e.getValue(), statePointer, inherited));
    }
    if (!parsed.containsKey(startAt)) {
      throw new DefinitionException(pointer + "/StartAt", "Missing 'StartAt' target: " + startAt);
    }
    return new StateGraph(startAt, java.util.Collections.unmodifiableMap(parsed));
  }

  private static State state(String name, JsonNode json, String pointer, QueryLanguage inherited)
      throws DefinitionException {
    if (!json.isObject()) throw new DefinitionException(pointer, "A state must be a JSON object");
    QueryLanguage ql = queryLanguage(json, inherited);
    String type = text(json, "Type");
    if (type == null) throw new DefinitionException(pointer, "These fields are required: [Type]");
    StateBase base = base(name, json, pointer, ql);
    boolean jsonPath = ql == QueryLanguage.JSONPATH;
    return switch (type) {
      case "Pass" ->
          new PassState(
              base,
              jsonPath
                  ? TemplateCompiler.template(json.get("Parameters"), pointer + "/Parameters")
                  : null,
              jsonPath ? json.get("Result") : null,
              dataPath(json, "ResultPath", pointer));
      case "Succeed" -> new SucceedState(base);
      case "Fail" ->
          new FailState(
              base,
              valueOrPath(json, "Error", "ErrorPath", pointer, ql),
              valueOrPath(json, "Cause", "CausePath", pointer, ql));
      case "Wait" ->
          new WaitState(
              base,
              valueOrPath(json, "Seconds", "SecondsPath", pointer, ql),
              valueOrPath(json, "Timestamp", "TimestampPath", pointer, ql));
      case "Choice" -> ChoiceParser.choice(base, json, pointer, ql);
      case "Task" ->
          new TaskState(
              base,
              Resource.of(requiredText(json, "Resource", pointer)),
              jsonPath
                  ? TemplateCompiler.template(json.get("Parameters"), pointer + "/Parameters")
                  : null,
              jsonPath
                  ? null
                  : TemplateCompiler.jsonata(json.get("Arguments"), "Arguments", pointer),
              jsonPath
                  ? TemplateCompiler.template(
                      json.get("ResultSelector"), pointer + "/ResultSelector")
                  : null,
              dataPath(json, "ResultPath", pointer),
              valueOrPath(json, "TimeoutSeconds", "TimeoutSecondsPath", pointer, ql),
              valueOrPath(json, "HeartbeatSeconds", "HeartbeatSecondsPath", pointer, ql),
              jsonPath
                  ? TemplateCompiler.template(json.get("Credentials"), pointer + "/Credentials")
                  : TemplateCompiler.jsonata(json.get("Credentials"), "Credentials", pointer),
              retriers(json, pointer),
              catchers(json, pointer, ql));
      case "Parallel" -> {
        List<StateGraph> branches = new ArrayList<>();
        JsonNode b = json.get("Branches");
        if (b == null || !b.isArray()) {
          throw new DefinitionException(pointer, "These fields are required: [Branches]");
        }
        for (int i = 0; i < b.size(); i++) {
          branches.add(graph(b.get(i), pointer + "/Branches/" + i, ql));
        }
        yield new ParallelState(
            base,
            List.copyOf(branches),
            jsonPath
                ? TemplateCompiler.template(json.get("Parameters"), pointer + "/Parameters")
                : null,
            jsonPath ? null : TemplateCompiler.jsonata(json.get("Arguments"), "Arguments", pointer),
            jsonPath
                ? TemplateCompiler.template(json.get("ResultSelector"), pointer + "/ResultSelector")
                : null,
            dataPath(json, "ResultPath", pointer),
            retriers(json, pointer),
            catchers(json, pointer, ql));
      }
      case "Map" -> MapParser.map(base, json, pointer, ql);
      default -> throw new DefinitionException(pointer + "/Type", "Unknown state type: " + type);
    };
  }

  private static StateBase base(String name, JsonNode json, String pointer, QueryLanguage ql)
      throws DefinitionException {
    Transition transition = null;
    String next = text(json, "Next");
    if (next != null) transition = new Transition(next);
    else if (json.path("End").asBoolean(false)) transition = Transition.END;
    return new StateBase(
        name,
        pointer,
        ql,
        dataPath(json, "InputPath", pointer),
        dataPath(json, "OutputPath", pointer),
        transition,
        assign(json, pointer, ql),
        ql == QueryLanguage.JSONATA
            ? TemplateCompiler.jsonata(json.get("Output"), "Output", pointer)
            : null);
  }

  /** Assign: a payload template in JSONPath ({@code .$} keys), a JSONata template otherwise. */
  static io.stepwise.engine.dataflow.Template assign(
      JsonNode json, String pointer, QueryLanguage ql) throws DefinitionException {
    JsonNode assign = json.get("Assign");
    if (assign == null) return null;
    return ql == QueryLanguage.JSONATA
        ? TemplateCompiler.jsonata(assign, "Assign", pointer)
        : TemplateCompiler.template(assign, pointer + "/Assign");
  }

  static QueryLanguage queryLanguage(JsonNode json, QueryLanguage inherited) {
    QueryLanguage ql = QueryLanguage.fromAwsName(text(json, "QueryLanguage"));
    return ql == null ? inherited : ql;
  }

  /** InputPath/OutputPath/ResultPath: absent is {@code $}, null discards. */
  static DataPath dataPath(JsonNode json, String field, String pointer) throws DefinitionException {
    JsonNode value = json.get(field);
    if (value == null) return ROOT;
    if (value.isNull()) return DataPath.DISCARD;
    return new DataPath(TemplateCompiler.path(value.asText(), field, pointer + "/" + field));
  }

  private static final DataPath ROOT = rootPath();

  private static DataPath rootPath() {
    try {
      return new DataPath(io.stepwise.engine.dataflow.path.JsonPath.compile("$"));
    } catch (io.stepwise.engine.dataflow.path.InvalidJsonPathException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A field given literally, by its {@code ...Path} twin, or (JSONata) as an expression. */
  static ValueExpression valueOrPath(
      JsonNode json, String field, String pathField, String pointer, QueryLanguage ql)
      throws DefinitionException {
    JsonNode literal = json.get(field);
    if (literal != null) {
      if (ql == QueryLanguage.JSONATA && isJsonata(literal)) {
        return new ValueExpression.Jsonata(
            TemplateCompiler.expression(jsonataBody(literal.asText()), field, pointer), field);
      }
      return new ValueExpression.Literal(literal, field);
    }
    JsonNode path = json.get(pathField);
    if (path != null && path.isTextual()) {
      return TemplateCompiler.pathOrIntrinsic(path.asText(), pathField, pointer + "/" + pathField);
    }
    return null;
  }

  static boolean isJsonata(JsonNode node) {
    if (!node.isTextual()) return false;
    String s = node.asText();
    return s.startsWith("{%") && s.endsWith("%}");
  }

  static String jsonataBody(String text) {
    return text.substring(2, text.length() - 2).trim();
  }

  static List<Retrier> retriers(JsonNode json, String pointer) {
    JsonNode retry = json.get("Retry");
    if (retry == null || !retry.isArray()) return List.of();
    List<Retrier> out = new ArrayList<>();
    for (JsonNode r : retry) {
      Integer maxDelay = r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").intValue() : null;
      out.add(
          new Retrier(
              strings(r.get("ErrorEquals")),
              r.path("IntervalSeconds").asInt(1),
              r.path("MaxAttempts").asInt(3),
              r.path("BackoffRate").asDouble(2.0),
              maxDelay,
              "FULL".equals(r.path("JitterStrategy").asText())
                  ? Retrier.JitterStrategy.FULL
                  : Retrier.JitterStrategy.NONE));
    }
    return List.copyOf(out);
  }

  static List<Catcher> catchers(JsonNode json, String pointer, QueryLanguage ql)
      throws DefinitionException {
    JsonNode catchNode = json.get("Catch");
    if (catchNode == null || !catchNode.isArray()) return List.of();
    List<Catcher> out = new ArrayList<>();
    for (int i = 0; i < catchNode.size(); i++) {
      JsonNode c = catchNode.get(i);
      out.add(
          new Catcher(
              strings(c.get("ErrorEquals")),
              text(c, "Next"),
              dataPath(c, "ResultPath", pointer + "/Catch/" + i),
              ql == QueryLanguage.JSONATA
                  ? TemplateCompiler.jsonata(c.get("Output"), "Output", pointer + "/Catch/" + i)
                  : null,
              assign(c, pointer + "/Catch/" + i, ql)));
    }
    return List.copyOf(out);
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) for (JsonNode n : array) out.add(n.asText());
    return List.copyOf(out);
  }

  static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  static String requiredText(JsonNode json, String field, String pointer)
      throws DefinitionException {
    String v = text(json, field);
    if (v == null)
      throw new DefinitionException(pointer, "These fields are required: [" + field + "]");
    return v;
  }
}
