package io.stepwise.engine.dataflow.path;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the JSONPath syntax the Amazon States Language allows into {@link JsonPath}s. */
final class PathParser {
  private final String text;
  private int pos;

  PathParser(String text) {
    this.text = text;
  }

  JsonPath parse() throws InvalidJsonPathException {
    if (text == null || !text.startsWith("$")) {
      throw new InvalidJsonPathException("a path must start with '$'");
    }
    boolean context = text.startsWith("$$");
    pos = context ? 2 : 1;
    String variable = context ? null : variableName();
    int afterRoot = pos;
    if (text.contains("[?") || text.contains("..") || text.contains("[(")) {
      return JsonPath.viaLibrary(text, context, variable, afterRoot);
    }
    List<PathSegment> segments = new ArrayList<>();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.' && pos + 1 < text.length() && text.charAt(pos + 1) == '[') {
        // A dot before a bracket is allowed and means nothing ($.[0], $.abc.['def ghi']): AWS's
        // documentation and deployed definitions write it, and jayway, which AWS runs, accepts it.
        pos++;
      } else if (c == '.') {
        pos++;
        segments.add(dotSegment());
      } else if (c == '[') {
        pos++;
        segments.add(bracketSegment());
      } else {
        throw error("unexpected character '" + c + "'");
      }
    }
    if (union) return JsonPath.viaLibrary(text, context, variable, afterRoot);
    return JsonPath.of(text, context, variable, segments);
  }

  /** The inside of a bracket that names several properties: {@code 'bucket', 'key']}. */
  private static final Pattern UNION =
      Pattern.compile("\\s*('[^']*'|\"[^\"]*\")(\\s*,\\s*('[^']*'|\"[^\"]*\"))+\\s*]");

  /** A bracket names several properties ({@code ['bucket', 'key']}): jayway selects them. */
  private boolean union;

  /**
   * A workflow variable's name after {@code $} ({@code $myVar.field}), or null for a data path; AWS
   * allows variables wherever a path is (variables/reference_assign_base_reference_in_outputpath).
   */
  private String variableName() {
    if (pos >= text.length()) return null;
    char first = text.charAt(pos);
    if (!Character.isLetter(first) && first != '_') return null;
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') pos++;
    return text.substring(start, pos);
  }

  private PathSegment dotSegment() throws InvalidJsonPathException {
    if (pos < text.length() && text.charAt(pos) == '*') {
      pos++;
      return new PathSegment.Wildcard();
    }
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') pos++;
    if (pos == start) throw error("empty property name");
    return new PathSegment.Property(text.substring(start, pos));
  }

  private PathSegment bracketSegment() throws InvalidJsonPathException {
    if (pos >= text.length()) throw error("unclosed '['");
    char c = text.charAt(pos);
    Matcher names = UNION.matcher(text).region(pos, text.length());
    if (names.lookingAt()) {
      union = true;
      pos = names.end();
      return new PathSegment.Wildcard();
    }
    if (c == '\'' || c == '"') {
      String name = quoted(c);
      expect(']');
      return new PathSegment.Property(name);
    }
    int close = text.indexOf(']', pos);
    if (close < 0) throw error("unclosed '['");
    String inner = text.substring(pos, close).trim();
    pos = close + 1;
    if (inner.equals("*")) return new PathSegment.Wildcard();
    try {
      int colon = inner.indexOf(':');
      if (colon >= 0) {
        String from = inner.substring(0, colon).trim();
        String to = inner.substring(colon + 1).trim();
        return new PathSegment.Slice(
            from.isEmpty() ? null : Integer.valueOf(from),
            to.isEmpty() ? null : Integer.valueOf(to));
      }
      return new PathSegment.Index(Integer.parseInt(inner));
    } catch (NumberFormatException e) {
      throw error("'" + inner + "' is not an array index");
    }
  }

  private String quoted(char quote) throws InvalidJsonPathException {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
        // Only the quote itself is escaped; other backslashes stay (AWS:
        // paths/escape_sequence_parsing_escape_sequences_jsonpath).
        sb.append(quote);
        pos += 2;
      } else if (c == quote && pos + 1 < text.length() && text.charAt(pos + 1) == ']') {
        pos++;
        return sb.toString();
      } else {
        sb.append(c);
        pos++;
      }
    }
    throw error("unclosed quote");
  }

  private void expect(char c) throws InvalidJsonPathException {
    if (pos >= text.length() || text.charAt(pos) != c) throw error("expected '" + c + "'");
    pos++;
  }

  private InvalidJsonPathException error(String what) {
    return new InvalidJsonPathException(what + " at position " + pos + " of '" + text + "'");
  }
}
