package io.stepwise.engine.asl.validate;

import io.stepwise.engine.dataflow.intrinsic.IntrinsicCall;
import io.stepwise.engine.dataflow.intrinsic.IntrinsicSyntaxException;
import io.stepwise.engine.dataflow.path.InvalidJsonPathException;
import io.stepwise.engine.dataflow.path.JsonPath;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether the text of a JSONPath-state field is a valid path (a JSONPath into the state's
 * data or the context object, or a {@code $name...} variable reference) or intrinsic call.
 */
final class PathText {
  /** A variable reference: {@code $name} optionally followed by a path into its value. */
  private static final Pattern VARIABLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)(.*)$");

  private PathText() {}

  /** True for a JSONPath ({@code $...}, {@code $$...}) or a variable reference. */
  static boolean isPath(String text) {
    if (text == null || !text.startsWith("$")) {
      return false;
    }
    Matcher variable = VARIABLE.matcher(text);
    String path = variable.matches() ? "$" + variable.group(2) : text;
    try {
      JsonPath.compile(path);
      return true;
    } catch (InvalidJsonPathException | RuntimeException e) {
      return false;
    }
  }

  /** True for a well-formed intrinsic function call. */
  static boolean isIntrinsicCall(String text) {
    if (text == null || !IntrinsicCall.looksLikeCall(text)) {
      return false;
    }
    try {
      IntrinsicCall.parse(text);
      return true;
    } catch (IntrinsicSyntaxException | RuntimeException e) {
      return false;
    }
  }

  static boolean isPathOrIntrinsic(String text) {
    return isPath(text) || isIntrinsicCall(text);
  }
}
