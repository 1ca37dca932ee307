package io.stepwise.engine.asl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.ChoiceRule;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.ComparisonOperator;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.StateBase;
import io.stepwise.engine.dataflow.path.JsonPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Parses Choice states and their rules. */
final class ChoiceParser {
  private ChoiceParser() {}

  static ChoiceState choice(StateBase base, JsonNode json, String pointer, QueryLanguage ql)
      throws DefinitionException {
    JsonNode choices = json.get("Choices");
    if (choices == null || !choices.isArray()) {
      throw new DefinitionException(pointer, "These fields are required: [Choices]");
    }
    List<ChoiceRule.Branch> branches = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      JsonNode c = choices.get(i);
      String at = pointer + "/Choices/" + i;
      branches.add(
          new ChoiceRule.Branch(
              rule(c, at, ql),
              DefinitionParser.text(c, "Next"),
              DefinitionParser.assign(c, at, ql),
              ql == QueryLanguage.JSONATA
                  ? TemplateCompiler.jsonata(c.get("Output"), "Output", at)
                  : null));
    }
    return new ChoiceState(base, List.copyOf(branches), DefinitionParser.text(json, "Default"));
  }

  static ChoiceRule rule(JsonNode c, String pointer, QueryLanguage ql) throws DefinitionException {
    if (c.has("Condition")) {
      return new ChoiceRule.Condition(
          TemplateCompiler.jsonata(c.get("Condition"), "Condition", pointer));
    }
    if (c.has("And")) return new ChoiceRule.And(rules(c.get("And"), pointer + "/And", ql));
    if (c.has("Or")) return new ChoiceRule.Or(rules(c.get("Or"), pointer + "/Or", ql));
    if (c.has("Not")) return new ChoiceRule.Not(rule(c.get("Not"), pointer + "/Not", ql));
    String variable = DefinitionParser.text(c, "Variable");
    Iterator<String> names = c.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      ComparisonOperator op = ComparisonOperator.fromField(field);
      if (op == null) continue;
      if (variable == null) {
        throw new DefinitionException(pointer, "These fields are required: [Variable]");
      }
      JsonPath var = TemplateCompiler.path(variable, "Variable", pointer + "/Variable");
      JsonNode value = c.get(field);
      if (field.endsWith("Path")) {
        return new ChoiceRule.Comparison(
            var, op, null, TemplateCompiler.path(value.asText(), field, pointer + "/" + field));
      }
      return new ChoiceRule.Comparison(var, op, value, null);
    }
    throw new DefinitionException(
        pointer, "A Choice rule needs a comparison operator, And, Or or Not");
  }

  private static List<ChoiceRule> rules(JsonNode array, String pointer, QueryLanguage ql)
      throws DefinitionException {
    List<ChoiceRule> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (int i = 0; i < array.size(); i++) out.add(rule(array.get(i), pointer + "/" + i, ql));
    }
    return List.copyOf(out);
  }
}
