package io.stepwise.engine.asl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.MapRunConfig;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.StateBase;
import io.stepwise.engine.asl.StateGraph;

/** Parses Map states, in both the current (ItemProcessor/ItemSelector) and legacy forms. */
final class MapParser {
  private MapParser() {}

  /** ItemReader, ItemBatcher and ResultWriter with their templates compiled once. */
  private static MapRunConfig mapRun(JsonNode json, String pointer, QueryLanguage ql)
      throws DefinitionException {
    JsonNode reader = json.get("ItemReader");
    JsonNode batcher = json.get("ItemBatcher");
    JsonNode writer = json.get("ResultWriter");
    if (reader == null && batcher == null && writer == null) return MapRunConfig.NONE;
    return new MapRunConfig(
        reader,
        parameters(reader, pointer + "/ItemReader", ql),
        batcher,
        batcher == null || !batcher.has("BatchInput")
            ? null
            : template(batcher.get("BatchInput"), "BatchInput", pointer + "/ItemBatcher", ql),
        writer,
        parameters(writer, pointer + "/ResultWriter", ql));
  }

  private static io.stepwise.engine.dataflow.Template parameters(
      JsonNode owner, String pointer, QueryLanguage ql) throws DefinitionException {
    if (owner == null) return null;
    String field = ql == QueryLanguage.JSONATA ? "Arguments" : "Parameters";
    JsonNode value = owner.get(field);
    return value == null ? null : template(value, field, pointer, ql);
  }

  private static io.stepwise.engine.dataflow.Template template(
      JsonNode value, String field, String pointer, QueryLanguage ql) throws DefinitionException {
    return ql == QueryLanguage.JSONATA
        ? TemplateCompiler.jsonata(value, field, pointer)
        : TemplateCompiler.template(value, pointer + "/" + field);
  }

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
        processor,
        mode,
        config.has("ExecutionType") ? config.get("ExecutionType").asText() : null,
        DefinitionParser.dataPath(json, "ItemsPath", pointer),
        jsonPath ? null : TemplateCompiler.jsonata(json.get("Items"), "Items", pointer),
        jsonPath
            ? TemplateCompiler.template(json.get(selectorField), pointer + "/" + selectorField)
            : TemplateCompiler.jsonata(json.get(selectorField), selectorField, pointer),
        DefinitionParser.valueOrPath(json, "MaxConcurrency", "MaxConcurrencyPath", pointer, ql),
        jsonPath
            ? TemplateCompiler.template(json.get("ResultSelector"), pointer + "/ResultSelector")
            : null,
        DefinitionParser.dataPath(json, "ResultPath", pointer),
        DefinitionParser.valueOrPath(
            json, "ToleratedFailureCount", "ToleratedFailureCountPath", pointer, ql),
        DefinitionParser.valueOrPath(
            json, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", pointer, ql),
        DefinitionParser.text(json, "Label"),
        mapRun(json, pointer, ql),
        DefinitionParser.retriers(json, pointer),
        DefinitionParser.catchers(json, pointer, ql));
  }
}
