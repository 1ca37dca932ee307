package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;

/** The two query languages a state can be written in. */
enum QueryLanguage {
  JSONPATH,
  JSONATA;

  /** The language a node declares with {@code QueryLanguage}, or {@code inherited} if none. */
  static QueryLanguage declaredBy(JsonNode node, QueryLanguage inherited) {
    JsonNode field = node.get("QueryLanguage");
    if (field == null || !field.isTextual()) {
      return inherited;
    }
    return switch (field.asText()) {
      case "JSONata" -> JSONATA;
      case "JSONPath" -> JSONPATH;
      default -> inherited;
    };
  }
}
