package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.port.EvaluationBudget;
import java.util.List;

/**
 * A parsed call {@code States.<name>(arguments)}: the root of what {@link IntrinsicCall#parse}
 * returns, and an argument when nested. Immutable; evaluation does no parsing.
 */
final class FunctionCall implements IntrinsicCall, Argument {
  private final IntrinsicFunction function;
  private final List<Argument> arguments;
  private final String text;
  private final FormatTemplate template;

  FunctionCall(IntrinsicFunction function, List<Argument> arguments, String text) {
    this.function = function;
    this.arguments = List.copyOf(arguments);
    this.text = text;
    // A literal States.Format template is split into its pieces once, here.
    this.template =
        function == IntrinsicFunction.FORMAT
                && this.arguments.getFirst() instanceof Argument.StringLiteral literal
            ? FormatTemplate.of(literal)
            : null;
  }

  IntrinsicFunction function() {
    return function;
  }

  List<Argument> arguments() {
    return arguments;
  }

  @Override
  public JsonNode evaluate(IntrinsicContext context) {
    JsonNode[] values = new JsonNode[arguments.size()];
    for (int i = 0; i < values.length; i++) values[i] = arguments.get(i).evaluate(context);
    JsonNode result =
        switch (function) {
          case FORMAT -> StringFunctions.format(template, values, context.budget().size());
          case STRING_SPLIT -> StringFunctions.split(values[0], values[1]);
          case STRING_TO_JSON -> JsonFunctions.stringToJson(values[0]);
          case JSON_TO_STRING -> JsonFunctions.jsonToString(values[0]);
          case JSON_MERGE -> JsonFunctions.merge(values[0], values[1], values[2]);
          case ARRAY -> ArrayFunctions.array(values);
          case ARRAY_PARTITION -> ArrayFunctions.partition(values[0], values[1]);
          case ARRAY_CONTAINS -> ArrayFunctions.contains(values[0], values[1]);
          case ARRAY_RANGE -> ArrayFunctions.range(values[0], values[1], values[2]);
          case ARRAY_GET_ITEM -> ArrayFunctions.getItem(values[0], values[1]);
          case ARRAY_LENGTH -> ArrayFunctions.length(values[0]);
          case ARRAY_UNIQUE -> ArrayFunctions.unique(values[0]);
          case BASE64_ENCODE -> EncodingFunctions.base64Encode(values[0]);
          case BASE64_DECODE -> EncodingFunctions.base64Decode(values[0]);
          case HASH -> EncodingFunctions.hash(values[0], values[1]);
          case MATH_ADD -> MathFunctions.add(values[0], values[1]);
          case MATH_RANDOM ->
              MathFunctions.random(
                  values[0], values[1], values.length > 2 ? values[2] : null, context.random());
          case UUID -> MathFunctions.uuid(context.random());
        };
    return withinBudget(result, context.budget());
  }

  /**
   * Nested calls can multiply sizes (a States.Format of two States.Formats of ...), so every result
   * is held to the budget's size before it is used.
   */
  private JsonNode withinBudget(JsonNode result, EvaluationBudget budget) {
    int size = result.isTextual() ? result.textValue().length() : result.size();
    if (size > budget.size()) throw IntrinsicFailure.tooLarge(function, size, budget.size());
    return result;
  }

  /** The call as written in the definition. */
  @Override
  public String toString() {
    return text;
  }
}
