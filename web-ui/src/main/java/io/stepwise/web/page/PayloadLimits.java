package io.stepwise.web.page;

import io.stepwise.engine.service.AwsLimits;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * AWS's size limits on what the pages' forms carry, checked before a value is sent on (and, with
 * the same numbers and words, by {@code app.js} in the browser, so an oversized paste is explained
 * at once instead of being uploaded). Definitions: 1,048,576 characters (CreateStateMachine's
 * {@code definition} constraint); execution input: 262,144 bytes of UTF-8 (StartExecution's {@code
 * input} constraint). The server takes form values larger than both (see {@code
 * META-INF/microprofile-config.properties}), so an oversized value reaches this check and its text
 * goes back into the form. Templates read the numbers and lines as {@code inject:limits}.
 */
@Singleton
@Named("limits")
public class PayloadLimits {
  public static final int DEFINITION_CHARACTERS = AwsLimits.DEFINITION_CHARACTERS;
  public static final int INPUT_BYTES = AwsLimits.PAYLOAD_BYTES;
  // "%s" is the value's size, formatted with thousands separators (here and in app.js).
  private static final String DEFINITION_TOO_LONG =
      "This definition is %s characters: a definition may be at most 1,048,576 characters"
          + " (1 MB, AWS's limit).";
  private static final String INPUT_TOO_LARGE =
      "This input is %s bytes: an execution's input may be at most 262,144 bytes (256 KiB,"
          + " AWS's limit).";

  public int definitionCharacters() {
    return DEFINITION_CHARACTERS;
  }

  public int inputBytes() {
    return INPUT_BYTES;
  }

  /** The line for a definition over the limit, with {@code %s} for its size (for app.js). */
  public String definitionTooLong() {
    return DEFINITION_TOO_LONG;
  }

  /** The line for an input over the limit, with {@code %s} for its size (for app.js). */
  public String inputTooLarge() {
    return INPUT_TOO_LARGE;
  }

  /** Why the definition is too long, or null. */
  public static String definitionProblem(String definition) {
    if (definition == null || definition.length() <= DEFINITION_CHARACTERS) return null;
    return DEFINITION_TOO_LONG.formatted(String.format(Locale.ROOT, "%,d", definition.length()));
  }

  /** Why the input is too large, or null. */
  public static String inputProblem(String input) {
    if (!AwsLimits.payloadTooLarge(input)) return null;
    int bytes = input.getBytes(StandardCharsets.UTF_8).length;
    return INPUT_TOO_LARGE.formatted(String.format(Locale.ROOT, "%,d", bytes));
  }
}
