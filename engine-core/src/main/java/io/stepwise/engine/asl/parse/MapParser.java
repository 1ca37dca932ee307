package io.stepwise.engine.asl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.StateBase;
import io.stepwise.engine.asl.StateGraph;

/** Parses Map states, in both the current (ItemProcessor/ItemSelector) and legacy forms. */
final class MapParser {
  private MapParser() {}

  static MapState map(StateBase base, JsonNode json, String pointer, QueryLanguage ql)
      throws DefinitionException {
    String processorField = json.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    JsonNode processor = json.get(processorField);
    if (processor == null) {
      throw new DefinitionException(pointer, "These fields are required: [ItemProcessor]");
    }
    StateGraph graph = DefinitionParser.graph(processor, pointer + "/" + processorField, ql);
    JsonNode config = processor.path("ProcessorConfig");
    MapState.ProcessorMode mode =
        "DISTRIBUTED".equals(config.path("Mode").asText())
            ? MapState.ProcessorMode.DISTRIBUTED
            : MapState.ProcessorMode.INLINE;
    boolean jsonPath = ql == QueryLanguage.JSONPATH;
    String selectorField = json.has("ItemSelector") ? "ItemSelector" : "Parameters";
    return new MapState(
        base,
        graph,
        mode,
        config.has("ExecutionType") ? config.get("ExecutionType").asText() : null,
        DefinitionParser.dataPath(json, "ItemsPath", pointer),
        jsonPath ? null : TemplateCompiler.jsonata(json.get("Items"), "Items", pointer),
        jsonPath
            ? TemplateCompiler.template(json.get(selectorField), pointer + "/" + selectorField)
            : TemplateCompiler.jsonata(json.get(selectorField), selectorField, pointer),
        DefinitionParser.valueOrPath(json, "MaxConcurrency", "MaxConcurrencyPath", pointer, ql),
        jsonPath ? TemplateCompiler.template(json.get("ResultSelector"), pointer + "/ResultSelector") : null,
        DefinitionParser.dataPath(json, "ResultPath", pointer),
        DefinitionParser.valueOrPath(
            json, "ToleratedFailureCount", "ToleratedFailureCountPath", pointer, ql),
        DefinitionParser.valueOrPath(
            json, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", pointer, ql),
        DefinitionParser.text(json, "Label"),
        json.get("ItemReader"),
        json.get("ItemBatcher"),
        json.get("ResultWriter"),
        DefinitionParser.retriers(json, pointer),
        DefinitionParser.catchers(json, pointer, ql));
  }
}
