package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INVALID_JSON_DESCRIPTION diagnostic for text that is not JSON. AWS passes on its Jackson's
 * message and gives the message's {@code [Source: ...]} part as location.
 */
final class JsonSyntaxError {
  private static final String AT = "\n at ";
  private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '([^']*)'");
  private static final Pattern COLUMN = Pattern.compile("column: (\\d+)]");

  private JsonSyntaxError() {}

  static Diagnostic of(JsonProcessingException e) {
    String message = adjustColumn(e.getOriginalMessage(), e.getMessage());
    int at = message.lastIndexOf(AT);
    String location = at >= 0 ? message.substring(at + AT.length()) : null;
    return Diagnostic.error("INVALID_JSON_DESCRIPTION", location, message);
  }

  /**
   * AWS's Jackson reports an unrecognized token at the column after it, where ours reports where it
   * starts: "not a definition" fails at column 4 on AWS
   * (validate_api/..._not_a_definition_not_a_def).
   */
  private static String adjustColumn(String original, String message) {
    Matcher token = UNRECOGNIZED.matcher(original == null ? "" : original);
    int at = message.lastIndexOf(AT);
    if (!token.find() || at < 0) {
      return message;
    }
    String location = message.substring(at);
    Matcher column = COLUMN.matcher(location);
    if (!column.find()) {
      return message;
    }
    int shifted = Integer.parseInt(column.group(1)) + token.group(1).length();
    return message.substring(0, at)
        + location.substring(0, column.start())
        + "column: "
        + shifted
        + "]"
        + location.substring(column.end());
  }
}
