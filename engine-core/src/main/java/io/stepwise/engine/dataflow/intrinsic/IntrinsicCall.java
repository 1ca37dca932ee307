package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed intrinsic function call such as {@code States.Format('{}', $.name)}: immutable, parsed
 * once with the definition, evaluated each time the state runs.
 */
public interface IntrinsicCall {
  /**
   * Evaluates the call. Failures (bad argument types or counts, values out of range) throw {@link
   * io.stepwise.engine.error.StatesException} with AWS's error name and message.
   */
  JsonNode evaluate(IntrinsicContext context);

  /**
   * Parses a call; says what is wrong, and where, when the text is not a valid call (unknown
   * function, wrong number of arguments, illegal escape, malformed literal or path).
   */
  static IntrinsicCall parse(String text) throws IntrinsicSyntaxException {
    return new IntrinsicParser(text).parse();
  }

  /** True when the text is meant as an intrinsic call (starts with {@code States.}). */
  static boolean looksLikeCall(String text) {
    return text.startsWith("States.");
  }
}
