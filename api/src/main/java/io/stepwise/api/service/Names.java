package io.stepwise.api.service;

import io.stepwise.engine.service.ServiceException;

/**
 * AWS's rule for names of state machines, executions and activities: 1 to 80 characters, none of
 * them whitespace, brackets, wildcards, the special characters {@code " # % \ ^ | ~ ` $ & , ; : /}
 * or control characters.
 */
public final class Names {
  private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

  private Names() {}

  /** Returns the name, or throws InvalidName. */
  public static String check(String name) {
    if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 80) {
      throw invalid(name);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || FORBIDDEN.indexOf(c) >= 0
          || c <= 0x1f
          || (c >= 0x7f && c <= 0x9f)) {
        throw invalid(name);
      }
    }
    return name;
  }

  private static ServiceException invalid(String name) {
    return new ServiceException("InvalidName", "Invalid Name: '" + name + "'");
  }
}
