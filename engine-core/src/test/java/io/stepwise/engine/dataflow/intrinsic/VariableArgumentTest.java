package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.error.StateEvaluationException;
import org.junit.jupiter.api.Test;

class VariableArgumentTest {

  @Test
  void variablesFeedFunctionsLikePaths() {
    // variables/reference_assign_base_reference_in_intrinsic_function
    TestContext context =
        TestContext.empty().withVariable("value1", "5").withVariable("value2", "3");
    assertJson(eval("States.MathAdd($value1, $value2)", context), "8");
  }

  @Test
  void failsWhenTheVariableIsNotDefined() {
    assertThatThrownBy(() -> eval("States.Array($missing)", TestContext.empty()))
        .isInstanceOf(StateEvaluationException.class)
        .hasMessageContaining("The variable '$missing' is not defined");
  }

  @Test
  void failsWhenThePathFindsNothingInTheVariable() {
    TestContext context = TestContext.empty().withVariable("v", "{\"a\": 1}");
    assertThatThrownBy(() -> eval("States.Array($v.b)", context))
        .isInstanceOf(StateEvaluationException.class)
        .hasMessageContaining("The JSONPath '$v.b' could not be found in the variable 'v'");
  }
}
