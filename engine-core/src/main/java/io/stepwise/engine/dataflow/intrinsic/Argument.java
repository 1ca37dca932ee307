package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.dataflow.path.PathNotFoundException;
import io.stepwise.engine.error.StateEvaluationException;
import java.util.List;

/** One argument of an intrinsic call, parsed once: a literal, a path, a variable or a call. */
sealed interface Argument
    permits Argument.Literal,
        Argument.StringLiteral,
        Argument.Path,
        Argument.Variable,
        FunctionCall {

  /** The argument's value for this evaluation. */
  JsonNode evaluate(IntrinsicContext context);

  /** A number, {@code true}, {@code false} or {@code null}. Its node is immutable and shared. */
  record Literal(JsonNode value) implements Argument {
    @Override
    public JsonNode evaluate(IntrinsicContext context) {
      return value;
    }
  }

  /**
   * A single-quoted string, escapes resolved. {@code placeholders} are the offsets in {@code value}
   * of each unescaped {@code {}}, which States.Format replaces; an escaped {@code \{\}} stays text.
   */
  record StringLiteral(JsonNode value, List<Integer> placeholders) implements Argument {
    public StringLiteral {
      placeholders = List.copyOf(placeholders);
    }

    @Override
    public JsonNode evaluate(IntrinsicContext context) {
      return value;
    }
  }

  /** A JSONPath into the state's data ({@code $...}) or the context object ({@code $$...}). */
  record Path(JsonPath path) implements Argument {
    @Override
    public JsonNode evaluate(IntrinsicContext context) {
      return context.resolve(path);
    }
  }

  /**
   * A workflow variable, {@code $name}, optionally followed by a path into its value ({@code
   * $name.field[0]}); {@code within} is that path rooted at {@code $}.
   */
  record Variable(String text, String name, JsonPath within) implements Argument {
    @Override
    public JsonNode evaluate(IntrinsicContext context) {
      JsonNode value = context.variable(name);
      if (within.isRoot()) return value;
      try {
        return within.read(value);
      } catch (PathNotFoundException e) {
        throw StateEvaluationException.runtime(
            "The JSONPath '" + text + "' could not be found in the variable '" + name + "'");
      }
    }
  }
}
