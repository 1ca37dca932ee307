package io.stepwise.approvals.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.approvals.InvalidApprovalParameters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Fields} parameter: a small JSON Schema (an object of string, number, integer and
 * boolean properties with {@code enum}, {@code minimum}/{@code maximum}, {@code maxLength}, {@code
 * format: date}, {@code title}, {@code description} and {@code required}) that the decider fills
 * in. It is read strictly (anything else is an {@code Approval.InvalidParameters} naming the
 * place), and a submitted form is validated against it on the server.
 */
public record FormSchema(List<FormField> fields) {
  static final int MAX_FIELDS = 20;
  static final int MAX_OPTIONS = 50;

  /** The longest text a field takes when the schema sets no smaller {@code maxLength}. */
  public static final int MAX_TEXT = 4000;

  private static final int MAX_DIGITS = 30;
  private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean");
  private static final Set<String> SCHEMA_KEYS =
      Set.of("type", "properties", "required", "title", "description", "$schema");
  private static final Set<String> PROPERTY_KEYS =
      Set.of("type", "title", "description", "enum", "minimum", "maximum", "maxLength", "format");

  /** The submitted values (JSON) or, when any is wrong, what is wrong per field. */
  public record Filled(ObjectNode values, Map<String, String> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** Reads the {@code Fields} parameter; null when absent. */
  static FormSchema parse(JsonNode node) {
    if (node == null || node.isNull()) return null;
    if (!node.isObject()) throw invalid("must be a JSON Schema object");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!SCHEMA_KEYS.contains(key)) throw invalid("'" + key + "' is not supported");
    }
    if (!"object".equals(node.path("type").asText(null))) throw invalid("type must be \"object\"");
    JsonNode properties = node.get("properties");
    if (properties == null || !properties.isObject() || properties.isEmpty()) {
      throw invalid("properties must name at least one field");
    }
    if (properties.size() > MAX_FIELDS) {
      throw invalid("at most " + MAX_FIELDS + " properties are allowed");
    }
    Set<String> required = new HashSet<>();
    JsonNode req = node.get("required");
    if (req != null && !req.isNull()) {
      if (!req.isArray()) throw invalid("required must be a list of property names");
      for (JsonNode r : req) {
        if (!r.isTextual() || !properties.has(r.asText())) {
          throw invalid("required: " + r + " is not one of the properties");
        }
        required.add(r.asText());
      }
    }
    List<FormField> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      fields.add(field(p.getKey(), p.getValue(), required.contains(p.getKey())));
    }
    return new FormSchema(List.copyOf(fields));
  }

  private static FormField field(String name, JsonNode p, boolean required) {
    String where = "properties." + name;
    if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
      throw invalid(where + ": a property name is a letter then letters, digits or _ (at most 64)");
    }
    if (!p.isObject()) throw invalid(where + " must be an object");
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!PROPERTY_KEYS.contains(key)) throw invalid(where + ": '" + key + "' is not supported");
    }
    String type = p.path("type").asText("");
    if (!TYPES.contains(type)) {
      throw invalid(where + ".type must be string, number, integer or boolean");
    }
    String title = optionalText(p, "title", where);
    String description = optionalText(p, "description", where);
    boolean numeric = type.equals("number") || type.equals("integer");
    BigDecimal minimum = bound(p, "minimum", where, numeric);
    BigDecimal maximum = bound(p, "maximum", where, numeric);
    if (minimum != null && maximum != null && minimum.compareTo(maximum) > 0) {
      throw invalid(where + ": minimum is greater than maximum");
    }
    int maxLength = MAX_TEXT;
    if (p.has("maxLength")) {
      JsonNode m = p.get("maxLength");
      if (!type.equals("string")) throw invalid(where + ".maxLength applies to strings only");
      if (!m.isIntegralNumber() || m.asLong() < 1 || m.asLong() > MAX_TEXT) {
        throw invalid(where + ".maxLength must be an integer from 1 to " + MAX_TEXT);
      }
      maxLength = m.asInt();
    }
    boolean date = false;
    if (p.has("format")) {
      if (!type.equals("string") || !"date".equals(p.get("format").asText(null))) {
        throw invalid(where + ".format: only \"date\" on a string is supported");
      }
      date = true;
    }
    List<String> options = new ArrayList<>();
    if (p.has("enum")) {
      JsonNode e = p.get("enum");
      if (!e.isArray() || e.isEmpty() || e.size() > MAX_OPTIONS) {
        throw invalid(where + ".enum must be a list of 1 to " + MAX_OPTIONS + " values");
      }
      if (type.equals("boolean")) throw invalid(where + ".enum is not supported on a boolean");
      for (JsonNode v : e) {
        String text = v.isTextual() ? v.asText() : v.isNumber() ? v.asText() : null;
        if (text == null || (v.isTextual() == numeric)) {
          throw invalid(where + ".enum: " + v + " is not a " + type);
        }
        options.add(text);
      }
    }
    return new FormField(
        name,
        type,
        title,
        description,
        List.copyOf(options),
        minimum,
        maximum,
        maxLength,
        date,
        required);
  }

  /**
   * Validates a submitted form ({@code field name → text as posted}; an unchecked checkbox is
   * absent).
   *
   * @param enforceRequired whether the schema's {@code required} applies to this choice
   */
  public Filled fill(Map<String, String> posted, boolean enforceRequired) {
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    Map<String, String> errors = new LinkedHashMap<>();
    for (FormField f : fields) {
      String raw = posted.get(f.name());
      if (f.checkbox()) {
        values.put(f.name(), raw != null && (raw.equals("true") || raw.equals("on")));
        continue;
      }
      String text = raw == null ? "" : raw.strip();
      if (text.isEmpty()) {
        if (f.required() && enforceRequired) errors.put(f.name(), f.label() + " is required");
        continue;
      }
      String error = check(f, text, values);
      if (error != null) errors.put(f.name(), error);
    }
    return new Filled(values, Map.copyOf(errors));
  }

  /** Checks one non-empty value and puts it into values; the problem, or null. */
  private static String check(FormField f, String text, ObjectNode values) {
    if (f.select() && !f.options().contains(text)) {
      return f.label() + " must be one of " + String.join(", ", f.options());
    }
    switch (f.type()) {
      case "string" -> {
        if (text.codePointCount(0, text.length()) > f.maxLength()) {
          return f.label() + " may be at most " + f.maxLength() + " characters long";
        }
        if (f.date()) {
          try {
            LocalDate.parse(text);
          } catch (DateTimeParseException e) {
            return f.label() + " must be a date (yyyy-mm-dd)";
          }
        }
        values.put(f.name(), text);
      }
      default -> {
        BigDecimal number;
        try {
          if (text.length() > 40) throw new NumberFormatException();
          number = new BigDecimal(text);
        } catch (NumberFormatException e) {
          return f.label() + " must be a number";
        }
        // Bounded work: "1e999999999" parses cheaply but would be expanded to a billion digits.
        if (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS) {
          return f.label() + " must be a number of at most " + MAX_DIGITS + " digits";
        }
        if (f.type().equals("integer")) {
          BigInteger whole;
          try {
            whole = number.toBigIntegerExact();
          } catch (ArithmeticException e) {
            return f.label() + " must be a whole number";
          }
          number = new BigDecimal(whole);
        }
        if (f.minimum() != null && number.compareTo(f.minimum()) < 0) {
          return f.label() + " must be at least " + f.minimum().toPlainString();
        }
        if (f.maximum() != null && number.compareTo(f.maximum()) > 0) {
          return f.label() + " must be at most " + f.maximum().toPlainString();
        }
        if (f.type().equals("integer")) values.put(f.name(), number.toBigInteger());
        else values.put(f.name(), number);
      }
    }
    return null;
  }

  /** The schema back as JSON (for storing with the approval). */
  JsonNode toJson() {
    ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = JsonNodeFactory.instance.arrayNode();
    for (FormField f : fields) {
      ObjectNode p = properties.putObject(f.name()).put("type", f.type());
      if (f.title() != null) p.put("title", f.title());
      if (f.description() != null) p.put("description", f.description());
      if (f.select()) {
        ArrayNode e = p.putArray("enum");
        for (String o : f.options()) {
          if (f.numeric()) e.add(new BigDecimal(o));
          else e.add(o);
        }
      }
      if (f.minimum() != null) p.put("minimum", f.minimum());
      if (f.maximum() != null) p.put("maximum", f.maximum());
      if (f.type().equals("string") && f.maxLength() != MAX_TEXT) p.put("maxLength", f.maxLength());
      if (f.date()) p.put("format", "date");
      if (f.required()) required.add(f.name());
    }
    if (!required.isEmpty()) schema.set("required", required);
    return schema;
  }

  private static String optionalText(JsonNode p, String key, String where) {
    JsonNode v = p.get(key);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual() || v.asText().length() > 500) {
      throw invalid(where + "." + key + " must be a string of at most 500 characters");
    }
    return v.asText();
  }

  private static BigDecimal bound(JsonNode p, String key, String where, boolean numeric) {
    JsonNode v = p.get(key);
    if (v == null || v.isNull()) return null;
    if (!numeric) throw invalid(where + "." + key + " applies to numbers only");
    if (!v.isNumber()) throw invalid(where + "." + key + " must be a number");
    return v.decimalValue();
  }

  private static InvalidApprovalParameters invalid(String what) {
    return new InvalidApprovalParameters("Fields: " + what);
  }
}
