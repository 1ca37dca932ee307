package io.stepwise.engine.dataflow.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.stepwise.engine.dataflow.BoundedRegex;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.json.LayeredObjectNode;
import java.util.List;

/**
 * A compiled JSONPath of the Amazon States Language: {@code $} (the state's data) or {@code $$}
 * (the context object) followed by properties, indices, wildcards and slices; filters and deep
 * scans are handed to the jayway library, which is what AWS runs.
 *
 * <p>Simple paths are evaluated here without the library, because they are the hot path of every
 * state. Immutable and thread-safe.
 */
public final class JsonPath {
  private static final Configuration JAYWAY =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  private final String text;
  private final boolean context;
  private final String variable;
  private final List<PathSegment> segments;
  private final boolean definite;
  private final com.jayway.jsonpath.JsonPath jayway;

  private JsonPath(
      String text,
      boolean context,
      String variable,
      List<PathSegment> segments,
      boolean definite,
      com.jayway.jsonpath.JsonPath jayway) {
    this.text = text;
    this.context = context;
    this.variable = variable;
    this.segments = segments;
    this.definite = definite;
    this.jayway = jayway;
  }

  /** Compiles a path, or says what is wrong with it. */
  public static JsonPath compile(String text) throws InvalidJsonPathException {
    return new PathParser(text).parse();
  }

  static JsonPath of(String text, boolean context, String variable, List<PathSegment> segments) {
    boolean definite =
        segments.stream()
            .allMatch(s -> s instanceof PathSegment.Property || s instanceof PathSegment.Index);
    return new JsonPath(text, context, variable, List.copyOf(segments), definite, null);
  }

  /**
   * A path jayway evaluates (filters, deep scans, property unions); {@code afterRoot} is where the
   * path goes on after {@code $}, {@code $$} or {@code $variable}.
   */
  static JsonPath viaLibrary(String text, boolean context, String variable, int afterRoot)
      throws InvalidJsonPathException {
    try {
      String rooted = "$" + text.substring(afterRoot);
      return new JsonPath(
          text, context, variable, List.of(), false, com.jayway.jsonpath.JsonPath.compile(rooted));
    } catch (RuntimeException e) {
      throw new InvalidJsonPathException(e.getMessage());
    }
  }

  /** The path as written. */
  public String text() {
    return text;
  }

  /** True for a {@code $$...} path into the context object. */
  public boolean isContextPath() {
    return context;
  }

  /** The workflow variable a {@code $name...} path starts from, or null for a data path. */
  public String variable() {
    return variable;
  }

  /** True when the path names one value (no wildcard, slice, filter or deep scan). */
  public boolean isDefinite() {
    return definite;
  }

  /** The field name when the path is {@code $.name} (one property of the data), else null. */
  public String topLevelField() {
    return !context
            && jayway == null
            && segments.size() == 1
            && segments.get(0) instanceof PathSegment.Property p
        ? p.name()
        : null;
  }

  /** True for {@code $} (or {@code $$}) alone. */
  public boolean isRoot() {
    return jayway == null && segments.isEmpty();
  }

  /**
   * Reads the value the path selects. An indefinite path gives an array of its matches (possibly
   * empty); a definite path that finds nothing throws.
   */
  public JsonNode read(JsonNode root) throws PathNotFoundException {
    if (jayway != null) {
      JsonNode result;
      try {
        result = BoundedRegexFilter.read(() -> jayway.read(root, JAYWAY));
      } catch (BoundedRegex.TooCostly e) {
        throw StateEvaluationException.runtime("Invalid path '" + text + "' : " + e.getMessage());
      }
      return result == null ? Json.NODES.arrayNode() : result;
    }
    if (!definite) {
      ArrayNode matches = Json.NODES.arrayNode();
      collect(root, 0, matches);
      return matches;
    }
    JsonNode current = root;
    int last = segments.size() - 1;
    for (int i = 0; i <= last; i++) {
      PathSegment segment = segments.get(i);
      if (segment instanceof PathSegment.Property p) {
        if (!current.isObject()) {
          throw new PathNotFoundException(
              "Expected to find an object with property "
                  + p.normalized()
                  + " in path "
                  + normalized(i)
                  + " but found '"
                  + jaywayTypeName(current)
                  + "'. This is not a json object according to the JsonProvider: "
                  + "'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.");
        }
        JsonNode next = current.get(p.name());
        if (next == null) {
          throw new PathNotFoundException(
              i == last
                  ? "No results for path: " + normalized(i + 1)
                  : "Missing property in path " + normalized(i + 1));
        }
        current = next;
      } else {
        int index = ((PathSegment.Index) segment).index();
        if (!current.isArray()) {
          throw new PathNotFoundException(
              "Filter: "
                  + segment.normalized()
                  + " can only be applied to arrays. Current context is: "
                  + Json.write(current));
        }
        int effective = index < 0 ? current.size() + index : index;
        JsonNode next = effective >= 0 ? current.get(effective) : null;
        if (next == null) {
          throw new PathNotFoundException("No results for path: " + normalized(segments.size()));
        }
        current = next;
      }
    }
    return current;
  }

  /** Reads the value or returns null when the path finds nothing. */
  public JsonNode readOrNull(JsonNode root) {
    try {
      return read(root);
    } catch (PathNotFoundException e) {
      return null;
    }
  }

  private void collect(JsonNode node, int from, ArrayNode out) {
    if (from == segments.size()) {
      out.add(node);
      return;
    }
    PathSegment segment = segments.get(from);
    switch (segment) {
      case PathSegment.Property p -> {
        JsonNode next = node.isObject() ? node.get(p.name()) : null;
        if (next != null) collect(next, from + 1, out);
      }
      case PathSegment.Index ix -> {
        if (node.isArray()) {
          int effective = ix.index() < 0 ? node.size() + ix.index() : ix.index();
          JsonNode next = effective >= 0 ? node.get(effective) : null;
          if (next != null) collect(next, from + 1, out);
        }
      }
      case PathSegment.Wildcard w -> {
        if (node.isArray() || node.isObject()) {
          for (JsonNode child : node) collect(child, from + 1, out);
        }
      }
      case PathSegment.Slice s -> {
        if (node.isArray()) {
          int size = node.size();
          int start = s.from() == null ? 0 : clamp(s.from() < 0 ? size + s.from() : s.from(), size);
          int end = s.to() == null ? size : clamp(s.to() < 0 ? size + s.to() : s.to(), size);
          for (int i = start; i < end; i++) collect(node.get(i), from + 1, out);
        }
      }
    }
  }

  private static int clamp(int value, int size) {
    return Math.max(0, Math.min(value, size));
  }

  /**
   * Returns a copy of {@code root} with {@code value} placed where this reference path points,
   * creating missing objects on the way (ResultPath semantics). Only the objects on the path are
   * copied; the rest is shared.
   */
  public JsonNode set(JsonNode root, JsonNode value) throws PathNotFoundException {
    if (segments.isEmpty()) return value;
    return setAt(root, 0, value);
  }

  private JsonNode setAt(JsonNode node, int i, JsonNode value) throws PathNotFoundException {
    PathSegment segment = segments.get(i);
    boolean leaf = i == segments.size() - 1;
    if (segment instanceof PathSegment.Property p) {
      if (node != null && node.isObject()) {
        // Shares the other fields: ResultPath on a wide document costs one field, not a copy.
        ObjectNode object = (ObjectNode) node;
        return LayeredObjectNode.with(
            object, p.name(), leaf ? value : setAt(object.get(p.name()), i + 1, value));
      }
      ObjectNode copy;
      if (node == null || node.isNull() || node.isMissingNode()) {
        copy = Json.object();
      } else if (node.isObject()) {
        // Pre-sized: copying a wide document must not rehash on the way.
        copy = new ObjectNode(Json.NODES, new java.util.LinkedHashMap<>(node.size() * 4 / 3 + 2));
        copy.setAll((ObjectNode) node);
      } else {
        throw new PathNotFoundException(
            "Unable to set property "
                + p.normalized()
                + " on a "
                + Json.typeName(node)
                + " at "
                + normalized(i));
      }
      copy.set(p.name(), leaf ? value : setAt(copy.get(p.name()), i + 1, value));
      return copy;
    }
    if (segment instanceof PathSegment.Index ix && node != null && node.isArray()) {
      int effective = ix.index() < 0 ? node.size() + ix.index() : ix.index();
      if (effective >= 0 && effective < node.size()) {
        ArrayNode copy = Json.NODES.arrayNode(node.size());
        copy.addAll((ArrayNode) node);
        copy.set(effective, leaf ? value : setAt(copy.get(effective), i + 1, value));
        return copy;
      }
    }
    throw new PathNotFoundException("No results for path: " + normalized(i + 1));
  }

  private String normalized(int count) {
    StringBuilder sb = new StringBuilder(context ? "$$" : variable != null ? "$" + variable : "$");
    for (int i = 0; i < count; i++) sb.append(segments.get(i).normalized());
    return sb.toString();
  }

  private static String jaywayTypeName(JsonNode node) {
    return node.getClass().getName();
  }

  @Override
  public String toString() {
    return text;
  }
}
