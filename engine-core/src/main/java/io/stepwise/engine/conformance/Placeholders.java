package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recording's stand-ins for run-specific values ({@code shared/conformance/FORMAT.md}): {@code
 * <...>} tokens, the account {@code 111111111111}, the role ARN {@code snf_role_arn}, and
 * timestamps recorded as {@code date}, {@code timestamp}, {@code start-time} or {@code
 * entered-time}. Each stands for any text, except that a string which also appears in the case's
 * definition, input or mocks is literal.
 */
final class Placeholders {
  private static final Pattern TOKEN =
      Pattern.compile("<[A-Za-z][A-Za-z0-9_:\\-]*>|111111111111|snf_role_arn");
  private static final Set<String> TIMESTAMPS =
      Set.of("date", "timestamp", "start-time", "entered-time");

  /** No literals: every stand-in is one. */
  static final Placeholders ANY = new Placeholders(Set.of());

  private final Set<String> literals;

  private Placeholders(Set<String> literals) {
    this.literals = literals;
  }

  /** The stand-ins of one case: the strings of its definition, input and mocks are literal. */
  static Placeholders of(ConformanceCase c) {
    Set<String> literals = new HashSet<>();
    for (String field : new String[] {"definition", "input", "mocks"}) {
      collect(c.json().get(field), literals);
    }
    return new Placeholders(literals);
  }

  private static void collect(JsonNode node, Set<String> into) {
    if (node == null) return;
    if (node.isTextual()) into.add(node.textValue());
    node.fieldNames().forEachRemaining(into::add);
    for (JsonNode child : node) collect(child, into);
  }

  /** Exact text, or a match where each stand-in of {@code expected} is any text. */
  boolean matches(String expected, String actual) {
    if (expected.equals(actual)) return true;
    if (literals.contains(expected)) return false;
    if (TIMESTAMPS.contains(expected)) return true;
    Matcher m = TOKEN.matcher(expected);
    if (!m.find()) return false;
    StringBuilder regex = new StringBuilder();
    int last = 0;
    m.reset();
    while (m.find()) {
      regex.append(Pattern.quote(expected.substring(last, m.start()))).append("(?s:.*?)");
      last = m.end();
    }
    regex.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
  }
}
