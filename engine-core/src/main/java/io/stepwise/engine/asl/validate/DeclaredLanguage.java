package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/** The query language a raw definition node declares, before the definition is parsed. */
final class DeclaredLanguage {
  private DeclaredLanguage() {}

  /**
   * The language {@code node} declares with {@code QueryLanguage}, or {@code inherited} if none (an
   * unknown name is reported by the field checks, and the scope's language applies meanwhile).
   */
  static QueryLanguage of(JsonNode node, QueryLanguage inherited) {
    JsonNode field = node.get("QueryLanguage");
    QueryLanguage declared =
        field == null || !field.isTextual() ? null : QueryLanguage.fromAwsName(field.asText());
    return declared == null ? inherited : declared;
  }
}
