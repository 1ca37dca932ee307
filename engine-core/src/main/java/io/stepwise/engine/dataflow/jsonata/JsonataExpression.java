package io.stepwise.engine.dataflow.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.json.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSONata expression (the text between {@code {%} and {@code %}}), parsed once and evaluated
 * many times. Evaluation binds {@code $states} (input, result, errorOutput, context), the workflow
 * variables the text mentions and AWS's extra functions. Each evaluation gets its own binding
 * frame; {@code $now}/{@code $millis} are bound to the step's time. Thread-safe: each thread
 * evaluates its own parsed copy.
 */
public final class JsonataExpression {
  private final String text;

  /**
   * The library keeps per-evaluation fields on a compiled expression (input, timestamp), so each
   * thread evaluates its own copy, parsed once per thread.
   */
  private final ThreadLocal<Jsonata> compiled;

  private final boolean usesStates;
  private final boolean usesContext;

  private JsonataExpression(String text, Jsonata first) {
    this.text = text;
    Thread owner = Thread.currentThread();
    this.compiled =
        ThreadLocal.withInitial(
            () -> Thread.currentThread() == owner ? first : Jsonata.jsonata(wrap(text)));
    this.usesStates = text.contains("$states");
    // The context object is built only for expressions that can reach it.
    this.usesContext = usesStates && (text.contains("context") || !text.contains("$states."));
  }

  /** Parses an expression, or says why it is not JSONata. */
  public static JsonataExpression compile(String text) throws JsonataSyntaxException {
    try {
      // Wrapped in an object so that JSON null (the key is kept) and undefined (the key is
      // dropped) can be told apart: the library returns Java null for both at the top level.
      return new JsonataExpression(text, Jsonata.jsonata(wrap(text)));
    } catch (JException | IllegalArgumentException e) {
      throw new JsonataSyntaxException(text, e.getMessage());
    } catch (StackOverflowError e) {
      // The parser recurses once per nesting level: thousands of "(" are refused, not a 500.
      throw new JsonataSyntaxException(text, "the expression is nested too deeply to parse");
    }
  }

  private static String wrap(String text) {
    return "{\"v\": (" + text + "\n)}";
  }

  /** The expression as written, without the {@code {% %}} markers. */
  public String text() {
    return text;
  }

  /**
   * The expression's value. Undefined, a function, or an error in evaluation are
   * States.QueryEvaluationError naming {@code field} (e.g. {@code Output/result}).
   */
  public JsonNode evaluate(DataScope scope, String field) {
    Object raw;
    EvaluationGuard guard = new EvaluationGuard(scope.budget());
    try {
      Jsonata.Frame frame = bindings(scope);
      guard.watch(frame);
      raw = compiled.get().evaluate(null, frame);
    } catch (EvaluationGuard.Exceeded e) {
      throw QueryErrors.threw(text, field, e.getMessage());
    } catch (JException e) {
      throw QueryErrors.threw(text, field, e.getError() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw QueryErrors.threw(text, field, String.valueOf(e.getMessage()));
    } catch (StackOverflowError e) {
      // The depth limit normally comes first; a thread with a small stack can still run out.
      throw QueryErrors.threw(text, field, guard.tooDeep().getMessage());
    } catch (OutOfMemoryError e) {
      // One built-in call asked for more memory than there is (e.g. $replace multiplying a
      // string): that request failed alone, so the evaluation can fail without harm to others.
      throw QueryErrors.threw(text, field, guard.outOfMemory().getMessage());
    }
    if (!(raw instanceof Map<?, ?> wrapper) || !wrapper.containsKey("v")) {
      throw QueryErrors.undefined(text, field);
    }
    JsonNode value;
    try {
      value = JsonataValues.toJson(wrapper.get("v"));
    } catch (JsonataValues.UnsupportedResult e) {
      throw QueryErrors.unsupported(text, field);
    }
    return value == null ? Json.NODES.nullNode() : value;
  }

  private Jsonata.Frame bindings(DataScope scope) {
    Jsonata.Frame frame = compiled.get().createFrame();
    AwsFunctions.bind(frame, scope);
    if (usesStates) frame.bind("states", states(scope));
    Iterator<Map.Entry<String, JsonNode>> it = scope.variables().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> v = it.next();
      if (text.contains("$" + v.getKey())) {
        frame.bind(v.getKey(), JsonataValues.toJava(v.getValue()));
      }
    }
    return frame;
  }

  private Map<String, Object> states(DataScope scope) {
    Map<String, Object> states = new LinkedHashMap<>();
    states.put("input", JsonataValues.toJava(scope.input()));
    if (scope.result() != null) states.put("result", JsonataValues.toJava(scope.result()));
    if (scope.errorOutput() != null) {
      states.put("errorOutput", JsonataValues.toJava(scope.errorOutput()));
    }
    if (usesContext) states.put("context", JsonataValues.toJava(scope.context()));
    return states;
  }

  @Override
  public String toString() {
    return text;
  }
}
