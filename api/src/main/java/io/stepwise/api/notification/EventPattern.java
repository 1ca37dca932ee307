package io.stepwise.api.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Amazon EventBridge event pattern, compiled once and matched against events (as documented in
 * "Content filtering in Amazon EventBridge event patterns" and "Comparison operators for use in
 * event patterns"): every field the pattern names must match (and); a field's list matches when any
 * entry does (or); an array in the event matches when any of its elements does. Entries are exact
 * values (string, number, boolean, null), {@code prefix}, {@code suffix} (either also with {@code
 * equals-ignore-case}), {@code equals-ignore-case}, {@code wildcard}, {@code anything-but} (a
 * value, a list, or a prefix/suffix/equals-ignore-case/wildcard), {@code numeric} ranges, {@code
 * exists}, and {@code $or} of sub-patterns. Numbers compare by value (5 equals 5.0). Not supported:
 * {@code cidr}. A pattern is at most {@value #MAX_CHARS} characters, so matching is bounded work.
 */
public final class EventPattern {
  /** EventBridge's own limit on a rule's pattern. */
  public static final int MAX_CHARS = 4096;

  private final Node root;

  private EventPattern(Node root) {
    this.root = root;
  }

  /** A pattern that is not one, with a message naming where. */
  public static final class InvalidPattern extends Exception {
    InvalidPattern(String message) {
      super(message, null, false, false);
    }
  }

  /** Compiles a pattern (a JSON object), or says what is wrong and where. */
  public static EventPattern compile(JsonNode pattern) throws InvalidPattern {
    if (pattern == null || !pattern.isObject()) {
      throw new InvalidPattern("eventPattern must be a JSON object");
    }
    if (pattern.toString().length() > MAX_CHARS) {
      throw new InvalidPattern("eventPattern is longer than " + MAX_CHARS + " characters");
    }
    return new EventPattern(object((ObjectNode) pattern, "$"));
  }

  public boolean matches(JsonNode event) {
    return root.matches(event);
  }

  // ---- the compiled tree

  private interface Node {
    /** Whether the node matches this part of the event (missing: a MissingNode). */
    boolean matches(JsonNode value);
  }

  /** All fields match; {@code $or} entries are alternatives of this object's fields. */
  private record Fields(List<Map.Entry<String, Node>> fields, List<List<Node>> ors)
      implements Node {
    @Override
    public boolean matches(JsonNode value) {
      for (Map.Entry<String, Node> f : fields) {
        if (!f.getValue().matches(value == null ? null : value.path(f.getKey()))) return false;
      }
      for (List<Node> alternatives : ors) {
        if (alternatives.stream().noneMatch(n -> n.matches(value))) return false;
      }
      return true;
    }
  }

  /** A nested object of the pattern: the event's field must be an object matching it. */
  private record Nested(Fields fields) implements Node {
    @Override
    public boolean matches(JsonNode value) {
      if (value == null || !value.isObject()) return false;
      return fields.matches(value);
    }
  }

  /** A field's list of entries: any entry matches the value, or any element of an array value. */
  private record Leaf(List<Entry> entries) implements Node {
    @Override
    public boolean matches(JsonNode value) {
      boolean missing = value == null || value.isMissingNode();
      for (Entry e : entries) {
        if (e instanceof Exists x) {
          if (x.exists() != missing) return true;
          continue;
        }
        if (missing) continue;
        if (value.isArray()) {
          for (JsonNode element : value) if (e.test(element)) return true;
        } else if (e.test(value)) {
          return true;
        }
      }
      return false;
    }
  }

  private interface Entry {
    boolean test(JsonNode value);
  }

  private record Exact(JsonNode expected) implements Entry {
    @Override
    public boolean test(JsonNode value) {
      return same(expected, value);
    }
  }

  private record Exists(boolean exists) implements Entry {
    @Override
    public boolean test(JsonNode value) {
      return exists;
    }
  }

  private record Text(String kind, String operand, boolean ignoreCase) implements Entry {
    @Override
    public boolean test(JsonNode value) {
      if (!value.isTextual()) return false;
      String v = ignoreCase ? value.asText().toLowerCase(Locale.ROOT) : value.asText();
      String o = ignoreCase ? operand.toLowerCase(Locale.ROOT) : operand;
      return switch (kind) {
        case "prefix" -> v.startsWith(o);
        case "suffix" -> v.endsWith(o);
        case "equals-ignore-case" -> v.equals(o);
        case "wildcard" -> Wildcard.matches(v, o);
        default -> throw new IllegalStateException(kind);
      };
    }
  }

  /** Matches when the value is none of the listed ones (or does not match the inner test). */
  private record AnythingBut(List<Entry> excluded) implements Entry {
    @Override
    public boolean test(JsonNode value) {
      return excluded.stream().noneMatch(e -> e.test(value));
    }
  }

  private record Numeric(List<String> operators, List<BigDecimal> operands) implements Entry {
    @Override
    public boolean test(JsonNode value) {
      if (!value.isNumber()) return false;
      BigDecimal v = value.decimalValue();
      for (int i = 0; i < operators.size(); i++) {
        int c = v.compareTo(operands.get(i));
        boolean ok =
            switch (operators.get(i)) {
              case "=" -> c == 0;
              case "<" -> c < 0;
              case "<=" -> c <= 0;
              case ">" -> c > 0;
              case ">=" -> c >= 0;
              default -> false;
            };
        if (!ok) return false;
      }
      return true;
    }
  }

  // ---- compiling

  private static Fields object(ObjectNode pattern, String where) throws InvalidPattern {
    List<Map.Entry<String, Node>> fields = new ArrayList<>();
    List<List<Node>> ors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = pattern.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String at = where + "." + f.getKey();
      if (f.getKey().equals("$or")) {
        if (!f.getValue().isArray() || f.getValue().size() < 2) {
          throw new InvalidPattern(at + " must be an array of at least two patterns");
        }
        List<Node> alternatives = new ArrayList<>();
        for (JsonNode alt : f.getValue()) {
          if (!alt.isObject()) throw new InvalidPattern(at + " must hold objects");
          alternatives.add(object((ObjectNode) alt, at));
        }
        ors.add(alternatives);
      } else if (f.getValue().isObject()) {
        fields.add(Map.entry(f.getKey(), new Nested(object((ObjectNode) f.getValue(), at))));
      } else if (f.getValue().isArray()) {
        fields.add(Map.entry(f.getKey(), leaf(f.getValue(), at)));
      } else {
        throw new InvalidPattern(at + " must be an object or an array of values to match");
      }
    }
    return new Fields(fields, ors);
  }

  private static Leaf leaf(JsonNode array, String at) throws InvalidPattern {
    if (array.isEmpty()) throw new InvalidPattern(at + " must list at least one value");
    List<Entry> entries = new ArrayList<>();
    for (JsonNode e : array) entries.add(entry(e, at));
    return new Leaf(entries);
  }

  private static Entry entry(JsonNode e, String at) throws InvalidPattern {
    if (e.isValueNode()) return new Exact(e);
    if (!e.isObject() || e.size() != 1) {
      throw new InvalidPattern(at + ": each entry is a value or an object with one operator");
    }
    String op = e.fieldNames().next();
    JsonNode operand = e.get(op);
    return switch (op) {
      case "prefix", "suffix" -> textOrIgnoringCase(op, operand, at);
      case "equals-ignore-case", "wildcard" ->
          new Text(op, text(operand, op, at), op.equals("equals-ignore-case"));
      case "exists" -> {
        if (!operand.isBoolean()) throw new InvalidPattern(at + ": exists takes true or false");
        yield new Exists(operand.asBoolean());
      }
      case "numeric" -> numeric(operand, at);
      case "anything-but" -> anythingBut(operand, at);
      default ->
          throw new InvalidPattern(
              at
                  + ": unsupported operator '"
                  + op
                  + "' (prefix, suffix, equals-ignore-case,"
                  + " wildcard, anything-but, numeric, exists)");
    };
  }

  private static Entry textOrIgnoringCase(String op, JsonNode operand, String at)
      throws InvalidPattern {
    if (operand.isObject() && operand.size() == 1 && operand.has("equals-ignore-case")) {
      return new Text(op, text(operand.get("equals-ignore-case"), op, at), true);
    }
    return new Text(op, text(operand, op, at), false);
  }

  private static String text(JsonNode operand, String op, String at) throws InvalidPattern {
    if (!operand.isTextual()) throw new InvalidPattern(at + ": " + op + " takes a string");
    return operand.asText();
  }

  private static Entry anythingBut(JsonNode operand, String at) throws InvalidPattern {
    List<Entry> excluded = new ArrayList<>();
    if (operand.isValueNode() && !operand.isNull()) {
      excluded.add(new Exact(operand));
    } else if (operand.isArray() && !operand.isEmpty()) {
      for (JsonNode v : operand) {
        if (!v.isTextual() && !v.isNumber()) {
          throw new InvalidPattern(at + ": anything-but lists strings or numbers");
        }
        excluded.add(new Exact(v));
      }
    } else if (operand.isObject() && operand.size() == 1) {
      String op = operand.fieldNames().next();
      if (!List.of("prefix", "suffix", "equals-ignore-case", "wildcard").contains(op)) {
        throw new InvalidPattern(
            at
                + ": anything-but takes a value, a list, or prefix, suffix,"
                + " equals-ignore-case or wildcard");
      }
      excluded.add(entry(operand, at));
    } else {
      throw new InvalidPattern(at + ": anything-but takes a value, a list or one operator");
    }
    return new AnythingBut(excluded);
  }

  private static Entry numeric(JsonNode operand, String at) throws InvalidPattern {
    if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
      throw new InvalidPattern(
          at + ": numeric takes one or two comparisons, like [\">\", 0, \"<=\", 5]");
    }
    List<String> ops = new ArrayList<>();
    List<BigDecimal> values = new ArrayList<>();
    for (int i = 0; i < operand.size(); i += 2) {
      String op = operand.get(i).asText();
      if (!List.of("=", "<", "<=", ">", ">=").contains(op) || !operand.get(i + 1).isNumber()) {
        throw new InvalidPattern(
            at + ": numeric comparisons are one of = < <= > >= followed by a number");
      }
      ops.add(op);
      values.add(operand.get(i + 1).decimalValue());
    }
    return new Numeric(ops, values);
  }

  /** Exact match; numbers by value, as EventBridge compares them. */
  private static boolean same(JsonNode expected, JsonNode value) {
    if (expected.isNumber() && value.isNumber()) {
      return expected.decimalValue().compareTo(value.decimalValue()) == 0;
    }
    return expected.equals(value);
  }
}
