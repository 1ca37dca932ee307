package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import org.junit.jupiter.api.Test;

class ChoiceExplainerTest {
  @Test
  void showsEachComparisonWithTheValuesItSaw() throws Exception {
    var definition =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
                  {"Variable":"$.amount","NumericGreaterThan":100,"Next":"Big"},
                  {"And":[{"Variable":"$.amount","NumericGreaterThan":0},{"Variable":"$.vip","IsPresent":true}],"Next":"Vip"}],
                 "Default":"Small"},
                 "Big":{"Type":"Succeed"},"Vip":{"Type":"Succeed"},"Small":{"Type":"Succeed"}}}"""));
    ChoiceState choice = (ChoiceState) definition.graph().state("C");
    var explanation =
        ChoiceExplainer.explain(
            choice, Json.parse("{\"amount\":50,\"vip\":true}"), null, Json.object());
    assertThat(explanation.chosenNext()).isEqualTo("Vip");
    assertThat(explanation.defaultTaken()).isFalse();
    var first = explanation.branches().get(0).rule();
    assertThat(first.matched()).isFalse();
    assertThat(first.left()).isEqualTo("50");
    assertThat(first.operator()).isEqualTo("NumericGreaterThan");
    assertThat(first.right()).isEqualTo("100");
    var second = explanation.branches().get(1).rule();
    assertThat(second.kind()).isEqualTo("And");
    assertThat(second.parts())
        .extracting(ChoiceExplainer.RuleResult::matched)
        .containsExactly(true, true);
  }

  @Test
  void sayWhenTheDefaultWasTakenAndAnAbsentVariable() throws Exception {
    var definition =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
                  {"Variable":"$.missing","StringEquals":"x","Next":"A"}],"Default":"B"},
                 "A":{"Type":"Succeed"},"B":{"Type":"Succeed"}}}"""));
    var explanation =
        ChoiceExplainer.explain(
            (ChoiceState) definition.graph().state("C"), Json.object(), null, Json.object());
    assertThat(explanation.defaultTaken()).isTrue();
    assertThat(explanation.chosenNext()).isEqualTo("B");
    assertThat(explanation.branches().getFirst().rule().left()).isEqualTo("(absent)");
  }
}
