package io.stepwise.engine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.Template;

/**
 * A distributed Map's reader, batcher and writer, with their parameter templates compiled.
 *
 * @param itemReader the ItemReader as written, or null
 * @param readerParameters its Parameters (JSONPath) or Arguments (JSONata), or null
 * @param itemBatcher the ItemBatcher as written, or null
 * @param batchInput its BatchInput, or null
 * @param resultWriter the ResultWriter as written, or null
 * @param writerParameters its Parameters or Arguments, or null
 */
public record MapRunConfig(
    JsonNode itemReader,
    Template readerParameters,
    JsonNode itemBatcher,
    Template batchInput,
    JsonNode resultWriter,
    Template writerParameters) {

  public static final MapRunConfig NONE = new MapRunConfig(null, null, null, null, null, null);
}
