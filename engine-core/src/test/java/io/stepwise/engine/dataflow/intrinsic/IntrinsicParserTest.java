package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.assertJson;
import static io.stepwise.engine.dataflow.intrinsic.Intrinsics.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntrinsicParserTest {

  private static IntrinsicSyntaxException syntaxError(String text) {
    try {
      IntrinsicCall.parse(text);
    } catch (IntrinsicSyntaxException e) {
      return e;
    }
    throw new AssertionError("parsed, but should not: " + text);
  }

  @Test
  void parsesACallIntoATreeOfArguments() throws Exception {
    FunctionCall call =
        (FunctionCall) IntrinsicCall.parse("States.Format('{} {}', $.a, States.UUID())");

    assertThat(call.function()).isEqualTo(IntrinsicFunction.FORMAT);
    assertThat(call.arguments())
        .hasExactlyElementsOfTypes(
            Argument.StringLiteral.class, Argument.Path.class, FunctionCall.class);
    assertThat(call).hasToString("States.Format('{} {}', $.a, States.UUID())");
  }

  @Test
  void resolvesTheFourEscapesInStrings() {
    assertJson(
        eval("States.Array('it\\'s', '\\{\\}', 'back\\\\slash')"),
        "[\"it's\", \"{}\", \"back\\\\slash\"]");
  }

  @Test
  void keepsRawControlCharactersInStrings() {
    // intrinsics/escape_sequence: the JSON "\n" is a real newline inside the quotes.
    assertJson(eval("States.StringSplit('Hello\nWorld', '\n')"), "[\"Hello\", \"World\"]");
  }

  @Test
  void readsNumbersExactly() {
    JsonNode values = eval("States.Array(0, -7, 2147483648, 99999999999999999999, 1.10, -2.5e3)");

    assertThat(values.get(0).intValue()).isZero();
    assertThat(values.get(1).intValue()).isEqualTo(-7);
    assertThat(values.get(2).longValue()).isEqualTo(2147483648L);
    assertThat(values.get(3).bigIntegerValue()).isEqualTo(new BigInteger("99999999999999999999"));
    assertThat(values.get(4).decimalValue()).isEqualTo(new BigDecimal("1.10"));
    assertThat(values.get(5).decimalValue()).isEqualByComparingTo("-2500");
  }

  @Test
  void readsBooleanAndNullLiterals() {
    assertJson(eval("States.Array(true, false, null)"), "[true, false, null]");
  }

  @Test
  void allowsWhitespaceBetweenTokens() {
    assertJson(eval("States.Array( 1 ,\t'a' ,\n$.x ) ", "{\"x\": 2}"), "[1, \"a\", 2]");
  }

  @Test
  void readsContextPathsAndRootPaths() {
    TestContext context =
        new TestContext(
            Json.parseTrusted("{\"a\": 1}"),
            Json.parseTrusted("{\"Execution\": {\"Name\": \"run\"}}"),
            1);

    assertJson(eval("States.Array($, $$.Execution.Name)", context), "[{\"a\": 1}, \"run\"]");
  }

  @Test
  void keepsCommasAndParenthesesInsideBracketsOfAPath() {
    String input =
        "{\"items\": [{\"k\": \"a, b\", \"v\": 1}, {\"k\": \"c\", \"v\": 2}], \"x,y\": 3}";

    assertJson(eval("States.Array($.items[?(@.k == 'a, b')].v, $['x,y'])", input), "[[1], 3]");
  }

  @Test
  void readsVariableReferencesWithAPathIntoTheValue() {
    TestContext context =
        TestContext.empty().withVariable("order", "{\"lines\": [{\"sku\": \"x1\"}]}");

    assertJson(
        eval("States.Array($order.lines[0].sku, $order)", context),
        "[\"x1\", {\"lines\": [{\"sku\": \"x1\"}]}]");
  }

  @Test
  void parsesNestedCallsFromTheAwsDocumentation() {
    String input =
        "{\"ImageRecipe\": {\"Arn\": \"arn:aws:imagebuilder:r:1:image-recipe/web/1.2.3\"}}";
    String call =
        "States.Format('{}.{}.{}',"
            + " States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn,"
            + " '/'), 2), '.'), 0),"
            + " States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn,"
            + " '/'), 2), '.'), 1),"
            + " States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn,"
            + " '/'), 2), '.'), 2))";

    assertJson(eval(call, input), "\"1.2.3\"");
  }

  @Test
  void rejectsEscapedDoubleQuotesAsAwsDoes() {
    // validation/illegal_escapes_escape_sequences_illegal_intrinsic_function and _2
    assertThat(
            syntaxError(
                "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')"))
        .hasMessageContaining("illegal escape '\\\"'")
        .hasMessageContaining("position 33");
    assertThat(
            syntaxError("States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')"))
        .hasMessageContaining("illegal escape");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"States.Format('\\n')", "States.Format('\\u0041')", "States.Format('a\\x')"})
  void rejectsEveryOtherBackslash(String text) {
    assertThat(syntaxError(text)).hasMessageContaining("illegal escape");
  }

  @Test
  void rejectsUnknownFunctionsByExactName() {
    assertThat(syntaxError("States.Compare($.a, $.b)"))
        .hasMessage(
            "unknown intrinsic function 'States.Compare' at position 0 of 'States.Compare($.a,"
                + " $.b)'");
    assertThat(syntaxError("States.format('x')")).hasMessageContaining("'States.format'");
  }

  @Test
  void rejectsTheWrongNumberOfArguments() {
    assertThat(syntaxError("States.MathAdd(1)"))
        .hasMessageContaining("States.MathAdd takes 2 arguments but was given 1");
    assertThat(syntaxError("States.UUID(1)")).hasMessageContaining("takes no arguments");
    assertThat(syntaxError("States.MathRandom(1, 2, 3, 4)"))
        .hasMessageContaining("takes 2 or 3 arguments");
    assertThat(syntaxError("States.Format()")).hasMessageContaining("takes at least 1 argument");
    assertThat(syntaxError("States.Array(States.ArrayLength())"))
        .hasMessageContaining("States.ArrayLength takes 1 argument but was given 0 at position 13");
  }

  @Test
  void saysWhatIsMissingAtTheEndOfTheText() {
    assertThat(syntaxError("States.Array(1, 2"))
        .hasMessageContaining("expected ',' or ')' after argument 2 of States.Array")
        .hasMessageContaining("the end of the text");
    assertThat(syntaxError("States.Array")).hasMessageContaining("expected '(' after States.Array");
    assertThat(syntaxError("States.Array('abc)")).hasMessageContaining("unterminated string");
  }

  @Test
  void rejectsTextAfterTheCall() {
    assertThat(syntaxError("States.UUID() x"))
        .hasMessageContaining("unexpected 'x' after the end of the call at position 14");
    assertThat(syntaxError("States.UUID()[0]")).hasMessageContaining("unexpected '['");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "States.Array(01)",
        "States.Array(1.)",
        "States.Array(-)",
        "States.Array(1e)",
        "States.Array(12abc)",
        "States.Array(.5)",
      })
  void rejectsMalformedNumbers(String text) {
    assertThatThrownBy(() -> IntrinsicCall.parse(text))
        .isInstanceOf(IntrinsicSyntaxException.class);
  }

  @Test
  void rejectsBareWordsAndDoubleQuotes() {
    assertThat(syntaxError("States.Array(abc)")).hasMessageContaining("unexpected 'abc'");
    assertThat(syntaxError("States.Array(\"abc\")"))
        .hasMessageContaining("expected argument 1 of States.Array but found '\"'");
    assertThat(syntaxError("States.Array(,)")).hasMessageContaining("found ','");
  }

  @Test
  void rejectsInvalidPaths() {
    assertThat(syntaxError("States.Array($.a[0)")).hasMessageContaining("invalid path '$.a[0)'");
    assertThat(syntaxError("States.Array($.a['x)")).hasMessageContaining("unterminated bracket");
    assertThat(syntaxError("States.Array($.a..)")).hasMessageContaining("invalid path '$.a..'");
  }

  @Test
  void rejectsTextThatIsNotACall() {
    assertThat(syntaxError("$.a")).hasMessageContaining("expected an intrinsic call");
    assertThat(syntaxError("States.(1)")).hasMessageContaining("expected a function name");
  }
}
