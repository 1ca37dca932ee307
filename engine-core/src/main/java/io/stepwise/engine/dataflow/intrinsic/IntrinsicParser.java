package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.path.InvalidJsonPathException;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text of an intrinsic call into a {@link FunctionCall} tree, once, with the definition.
 *
 * <p>Grammar (whitespace allowed between tokens):
 *
 * <pre>
 * call     = "States." name "(" [ argument { "," argument } ] ")"
 * argument = 'string' | number | "true" | "false" | "null" | path | variable | call
 * </pre>
 *
 * Inside a string only {@code \'}, {@code \{}, {@code \}} and {@code \\} are escapes; any other
 * backslash makes the call invalid, as AWS refuses {@code \"} at creation
 * (validation/illegal_escapes_escape_sequences_illegal_intrinsic_function*). Not thread-safe; one
 * instance per text.
 */
final class IntrinsicParser {
  private static final String PREFIX = "States.";

  /**
   * Far beyond what AWS allows (it documents up to 10 nested calls); only here so that a
   * pathological text fails with a message instead of a StackOverflowError.
   */
  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  IntrinsicParser(String text) {
    this.text = text;
  }

  FunctionCall parse() throws IntrinsicSyntaxException {
    if (text == null) throw new IntrinsicSyntaxException("an intrinsic call must be a string");
    FunctionCall call = call(0);
    skipWhitespace();
    if (pos < text.length()) {
      throw error("unexpected " + describe(text.charAt(pos)) + " after the end of the call");
    }
    return call;
  }

  private FunctionCall call(int depth) throws IntrinsicSyntaxException {
    if (depth > MAX_DEPTH) throw error("intrinsic calls are nested too deeply");
    int start = pos;
    if (!text.startsWith(PREFIX, pos))
      throw error("expected an intrinsic call 'States.<name>(...)'");
    pos += PREFIX.length();
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) pos++;
    String name = text.substring(start, pos);
    IntrinsicFunction function = IntrinsicFunction.named(name);
    if (function == null) {
      throw error(
          name.equals(PREFIX)
              ? "expected a function name after 'States.'"
              : "unknown intrinsic function '" + name + "'",
          start);
    }
    skipWhitespace();
    expect('(', "'(' after " + name);
    List<Argument> arguments = new ArrayList<>();
    skipWhitespace();
    if (peek() == ')') {
      pos++;
    } else {
      while (true) {
        skipWhitespace();
        arguments.add(argument(depth, name, arguments.size() + 1));
        skipWhitespace();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c == ')') {
          pos++;
          break;
        } else {
          throw error(
              "expected ',' or ')' after argument "
                  + arguments.size()
                  + " of "
                  + name
                  + " but found "
                  + describe(c));
        }
      }
    }
    if (!function.accepts(arguments.size())) {
      throw error(
          name + " takes " + function.arityText() + " but was given " + arguments.size(), start);
    }
    return new FunctionCall(function, arguments, text.substring(start, pos));
  }

  private Argument argument(int depth, String function, int index) throws IntrinsicSyntaxException {
    char c = peek();
    if (c == '\'') return string();
    if (c == '$') return path();
    if (c == '-' || (c >= '0' && c <= '9')) return new Argument.Literal(number());
    if (text.startsWith(PREFIX, pos)) return call(depth + 1);
    if (Character.isLetter(c)) return keyword();
    throw error("expected argument " + index + " of " + function + " but found " + describe(c));
  }

  /** A single-quoted string; records where unescaped {@code {}} placeholders are. */
  private Argument string() throws IntrinsicSyntaxException {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    List<Integer> placeholders = new ArrayList<>();
    int openBraceAt = -1; // offset in value of an unescaped '{' just appended, else -1
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\'') {
        pos++;
        return new Argument.StringLiteral(Json.text(value.toString()), placeholders);
      }
      if (c == '\\') {
        char escaped = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        if (escaped != '\'' && escaped != '{' && escaped != '}' && escaped != '\\') {
          throw error(
              "illegal escape '\\"
                  + (escaped == 0 ? "" : String.valueOf(escaped))
                  + "' in a string; only \\', \\{, \\} and \\\\ are allowed");
        }
        value.append(escaped);
        openBraceAt = -1;
        pos += 2;
        continue;
      }
      if (c == '}' && openBraceAt == value.length() - 1 && openBraceAt >= 0) {
        placeholders.add(openBraceAt);
      }
      openBraceAt = c == '{' ? value.length() : -1;
      value.append(c);
      pos++;
    }
    throw error("unterminated string: no closing quote for the string starting", start);
  }

  /** A JSON number: integer or decimal, optionally negative, optionally with an exponent. */
  private JsonNode number() throws IntrinsicSyntaxException {
    int start = pos;
    if (peek() == '-') pos++;
    int digitsStart = pos;
    skipDigits();
    if (pos == digitsStart) throw error("expected a digit after '-'", pos);
    if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
      throw error("a number must not have leading zeros", start);
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      int fraction = pos;
      skipDigits();
      if (pos == fraction) throw error("expected a digit after '.'");
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      int exponent = pos;
      skipDigits();
      if (pos == exponent) throw error("expected a digit in the exponent");
      integral = false;
    }
    if (pos < text.length() && !endsToken(text.charAt(pos))) {
      throw error("unexpected " + describe(text.charAt(pos)) + " in a number");
    }
    String literal = text.substring(start, pos);
    if (!integral) return Json.NODES.numberNode(new BigDecimal(literal));
    BigInteger value = new BigInteger(literal);
    if (value.bitLength() < 32) return Json.NODES.numberNode(value.intValue());
    if (value.bitLength() < 64) return Json.NODES.numberNode(value.longValue());
    return Json.NODES.numberNode(value);
  }

  private Argument keyword() throws IntrinsicSyntaxException {
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) pos++;
    String word = text.substring(start, pos);
    return switch (word) {
      case "true" -> new Argument.Literal(Json.NODES.booleanNode(true));
      case "false" -> new Argument.Literal(Json.NODES.booleanNode(false));
      // The ASL specification's own States.Array example passes a null literal.
      case "null" -> new Argument.Literal(Json.NODES.nullNode());
      default ->
          throw error(
              "unexpected '"
                  + word
                  + "': an argument is a 'string', a number, true, false, null, a path or a call",
              start);
    };
  }

  /**
   * A path runs to the next ',' ')' or whitespace outside brackets, so that filters such as {@code
   * $.a[?(@.b == 'x, y')]} stay whole.
   */
  private Argument path() throws IntrinsicSyntaxException {
    int start = pos;
    int depth = 0;
    char quote = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (quote != 0) {
        if (c == '\\') pos++;
        else if (c == quote) quote = 0;
      } else if (depth > 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || c == ')') {
        if (depth == 0) break;
        depth--;
      } else if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
        break;
      }
      pos++;
    }
    if (quote != 0 || depth != 0) throw error("unterminated bracket in path", start);
    String pathText = text.substring(start, pos);
    int nameEnd = variableNameEnd(pathText);
    try {
      if (nameEnd > 0) {
        return new Argument.Variable(
            pathText,
            pathText.substring(1, nameEnd),
            JsonPath.compile("$" + pathText.substring(nameEnd)));
      }
      return new Argument.Path(JsonPath.compile(pathText));
    } catch (InvalidJsonPathException | RuntimeException e) {
      throw error("invalid path '" + pathText + "': " + e.getMessage(), start);
    }
  }

  /** For {@code $name...}, the end of the name; 0 when the text is not a variable reference. */
  private static int variableNameEnd(String path) {
    if (path.length() < 2) return 0;
    char first = path.charAt(1);
    if (!(first == '_' || (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) {
      return 0;
    }
    int end = 2;
    while (end < path.length()) {
      char c = path.charAt(end);
      if (!(c == '_' || Character.isLetterOrDigit(c) && c < 128)) break;
      end++;
    }
    return end;
  }

  private void skipDigits() {
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
  }

  private static boolean endsToken(char c) {
    return c == ',' || c == ')' || Character.isWhitespace(c);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void expect(char c, String what) throws IntrinsicSyntaxException {
    if (peek() != c) throw error("expected " + what + " but found " + describe(peek()));
    pos++;
  }

  private static String describe(char c) {
    return c == 0 ? "the end of the text" : "'" + c + "'";
  }

  private IntrinsicSyntaxException error(String what) {
    return error(what, pos);
  }

  private IntrinsicSyntaxException error(String what, int at) {
    return new IntrinsicSyntaxException(what + " at position " + at + " of '" + text + "'");
  }
}
