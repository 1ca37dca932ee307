package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import java.util.List;
import java.util.Set;

/**
 * Map states: one processor (ItemProcessor or the older Iterator), its ProcessorConfig, the item
 * source (ItemsPath or Items, ItemReader), ItemSelector, ItemBatcher, ResultWriter, concurrency,
 * tolerated failures and Label. The processor's states are checked by {@link ScopeWalker}.
 */
record MapChecker() implements StateTypeChecks {
  private static final int LABEL_MAX = 40;

  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    boolean jsonata = language == QueryLanguage.JSONATA;
    checkProcessor(state, pointer, findings);
    FieldRules.integer(state, pointer, "MaxConcurrency", 0, jsonata, findings);
    FieldRules.integer(state, pointer, "ToleratedFailureCount", 0, jsonata, findings);
    FieldRules.number(state, pointer, "ToleratedFailurePercentage", 0, 100, jsonata, findings);
    if (jsonata) {
      for (String field : List.of("Items", "ItemSelector")) {
        Jsonata.checkStrings(state.get(field), pointer + "/" + field, field, findings);
      }
      JsonNode items = state.get("Items");
      if (items != null && !items.isArray() && !Jsonata.isExpression(items)) {
        findings.schema(
            pointer + "/Items", "The value for the field 'Items' must be an ARRAY or a JSONata");
      }
    } else {
      FieldRules.path(state, pointer, "ItemsPath", false, findings);
      for (String field :
          List.of(
              "MaxConcurrencyPath",
              "ToleratedFailureCountPath",
              "ToleratedFailurePercentagePath")) {
        FieldRules.path(state, pointer, field, false, findings);
      }
      FieldRules.exclusive(state, pointer, "MaxConcurrency", "MaxConcurrencyPath", findings);
      FieldRules.exclusive(
          state, pointer, "ToleratedFailureCount", "ToleratedFailureCountPath", findings);
      FieldRules.exclusive(
          state, pointer, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", findings);
      FieldRules.exclusive(state, pointer, "ItemSelector", "Parameters", findings);
      PayloadTemplateChecker.check(state.get("ItemSelector"), pointer + "/ItemSelector", findings);
    }
    checkResourceHolder(state, pointer, "ItemReader", true, language, findings);
    checkResourceHolder(state, pointer, "ResultWriter", false, language, findings);
    checkItemBatcher(state, pointer, jsonata, findings);
    checkLabel(state, pointer, findings);
    ErrorHandlingChecker.check(state, pointer, language, findings);
  }

  private static void checkProcessor(JsonNode state, String pointer, Findings findings) {
    boolean processor = state.has("ItemProcessor");
    boolean iterator = state.has("Iterator");
    if (!processor && !iterator) {
      findings.schema(pointer, "These fields are required: [ItemProcessor]");
      return;
    }
    if (processor && iterator) {
      findings.schema(pointer, "Only one of 'ItemProcessor' or 'Iterator' may be set");
    }
    String field = processor ? "ItemProcessor" : "Iterator";
    JsonNode node = state.get(field);
    if (!node.isObject()) {
      findings.schema(
          pointer + "/" + field, "The value for the field '" + field + "' must be an OBJECT");
      return;
    }
    JsonNode config = node.get("ProcessorConfig");
    if (config == null) {
      return;
    }
    String at = pointer + "/" + field + "/ProcessorConfig";
    if (!config.isObject()) {
      findings.schema(at, "The value for the field 'ProcessorConfig' must be an OBJECT");
      return;
    }
    JsonNode mode = config.get("Mode");
    if (mode != null && !Set.of("INLINE", "DISTRIBUTED").contains(mode.asText(""))) {
      findings.schema(
          at + "/Mode", "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]");
    }
    JsonNode executionType = config.get("ExecutionType");
    if (executionType != null
        && !Set.of("STANDARD", "EXPRESS").contains(executionType.asText(""))) {
      findings.schema(
          at + "/ExecutionType",
          "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]");
    }
    if (mode != null && mode.asText("").equals("DISTRIBUTED") && executionType == null) {
      findings.schema(at, "These fields are required: [ExecutionType]");
    }
  }

  /** ItemReader and ResultWriter name an integration like a Task's Resource. */
  private static void checkResourceHolder(
      JsonNode state,
      String pointer,
      String field,
      boolean resourceRequired,
      QueryLanguage language,
      Findings findings) {
    JsonNode node = state.get(field);
    if (node == null) {
      return;
    }
    String at = pointer + "/" + field;
    if (!node.isObject()) {
      findings.schema(at, "The value for the field '" + field + "' must be an OBJECT");
      return;
    }
    if (resourceRequired && !node.has("Resource")) {
      findings.schema(at, "These fields are required: [Resource]");
    }
    FieldRules.string(node, at, "Resource", findings);
    if (language == QueryLanguage.JSONPATH) {
      PayloadTemplateChecker.check(node.get("Parameters"), at + "/Parameters", findings);
    } else {
      Jsonata.checkStrings(node.get("Arguments"), at + "/Arguments", "Arguments", findings);
    }
  }

  private static void checkItemBatcher(
      JsonNode state, String pointer, boolean jsonata, Findings findings) {
    JsonNode batcher = state.get("ItemBatcher");
    if (batcher == null) {
      return;
    }
    String at = pointer + "/ItemBatcher";
    if (!batcher.isObject()) {
      findings.schema(at, "The value for the field 'ItemBatcher' must be an OBJECT");
      return;
    }
    FieldRules.integer(batcher, at, "MaxItemsPerBatch", 1, jsonata, findings);
    FieldRules.integer(batcher, at, "MaxInputBytesPerBatch", 1, jsonata, findings);
    if (!jsonata) {
      FieldRules.path(batcher, at, "MaxItemsPerBatchPath", false, findings);
      FieldRules.path(batcher, at, "MaxInputBytesPerBatchPath", false, findings);
    }
  }

  /**
   * A Label names the Map's child executions: non-empty, at most 40 characters, none of the
   * characters AWS forbids in names (validation/map_state_label_*).
   */
  private static void checkLabel(JsonNode state, String pointer, Findings findings) {
    JsonNode label = state.get("Label");
    if (label == null) {
      return;
    }
    String at = pointer + "/Label";
    if (!label.isTextual()) {
      findings.schema(at, "The value for the field 'Label' must be a STRING");
      return;
    }
    String text = label.asText();
    if (text.isEmpty()) {
      findings.schema(at, "The field 'Label' must not be empty");
    } else if (text.codePointCount(0, text.length()) > LABEL_MAX) {
      findings.schema(at, "The field 'Label' must not be longer than " + LABEL_MAX + " characters");
    } else {
      text.codePoints()
          .filter(MapChecker::forbiddenInLabel)
          .findFirst()
          .ifPresent(
              c ->
                  findings.schema(
                      at,
                      "The field 'Label' contains an invalid character: U+"
                          + String.format("%04X", c)));
    }
  }

  private static boolean forbiddenInLabel(int c) {
    return Character.isWhitespace(c)
        || c <= 0x1F
        || (c >= 0x7F && c <= 0x9F)
        || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0;
  }
}
