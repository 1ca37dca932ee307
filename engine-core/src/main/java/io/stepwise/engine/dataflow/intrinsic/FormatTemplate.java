package io.stepwise.engine.dataflow.intrinsic;

import java.util.ArrayList;
import java.util.List;

/**
 * A States.Format template split at its {@code {}} placeholders: {@code pieces} has one more
 * element than there are placeholders.
 */
record FormatTemplate(List<String> pieces) {
  private static final String PLACEHOLDER = "{}";

  FormatTemplate {
    pieces = List.copyOf(pieces);
  }

  /** From a string literal, where only unescaped braces form placeholders. */
  static FormatTemplate of(Argument.StringLiteral literal) {
    String text = literal.value().textValue();
    List<String> pieces = new ArrayList<>(literal.placeholders().size() + 1);
    int from = 0;
    for (int at : literal.placeholders()) {
      pieces.add(text.substring(from, at));
      from = at + PLACEHOLDER.length();
    }
    pieces.add(text.substring(from));
    return new FormatTemplate(pieces);
  }

  /** From a template read at run time (e.g. {@code States.Format($.template, ...)}). */
  static FormatTemplate ofText(String text) {
    List<String> pieces = new ArrayList<>();
    int from = 0;
    int at;
    while ((at = text.indexOf(PLACEHOLDER, from)) >= 0) {
      pieces.add(text.substring(from, at));
      from = at + PLACEHOLDER.length();
    }
    pieces.add(text.substring(from));
    return new FormatTemplate(pieces);
  }

  int placeholderCount() {
    return pieces.size() - 1;
  }
}
