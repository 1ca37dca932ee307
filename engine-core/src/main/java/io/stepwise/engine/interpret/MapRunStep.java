package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;
import java.util.HexFormat;

/**
 * The distributed parts of a Map state: items from an ItemReader, batches from an ItemBatcher, one
 * child execution per item or batch, results through a ResultWriter. The reading, running and
 * writing are done by the runtime, through commands; the answers come back as task signals.
 */
final class MapRunStep {
  private final ExecutionStep step;

  MapRunStep(ExecutionStep step) {
    this.step = step;
  }

  static boolean distributed(MapState s) {
    return s.mode() == MapState.ProcessorMode.DISTRIBUTED;
  }

  static boolean readsItems(MapState s) {
    return s.mapRun().itemReader() != null;
  }

  /** Asks the runtime for the items, with the reader's parameters evaluated; the Map waits. */
  void requestItems(Frame frame, MapState s, DataScope scope) {
    ObjectNode reader = s.mapRun().itemReader().deepCopy();
    reader.remove("Arguments");
    Template parameters = s.mapRun().readerParameters();
    if (parameters != null) reader.set("Parameters", parameters.evaluate(scope));
    frame.taskToken = step.newToken(frame);
    frame.phase = Frame.Phase.WAITING_ITEMS;
    step.commands.add(new Command.ReadItems(frame.taskToken, s.name(), reader));
  }

  /**
   * Groups the items as the ItemBatcher says (MaxItemsPerBatch, MaxInputBytesPerBatch); without
   * one, each item is its own child.
   */
  JsonNode batches(MapState s, JsonNode items, DataScope scope) {
    JsonNode batcher = s.mapRun().itemBatcher();
    if (batcher == null) return items;
    long maxItems = limit(batcher, "MaxItemsPerBatch", scope);
    long maxBytes = limit(batcher, "MaxInputBytesPerBatch", scope);
    ArrayNode batches = Json.NODES.arrayNode();
    ArrayNode current = null;
    long bytes = 0;
    PayloadSize sizes = step.sizes;
    for (JsonNode item : items) {
      long size = sizes.sizeOf(item) + 1;
      if (current == null
          || (maxItems > 0 && current.size() >= maxItems)
          || (maxBytes > 0 && bytes + size > maxBytes && !current.isEmpty())) {
        current = batches.addArray();
        bytes = 0;
      }
      current.add(item);
      bytes += size;
    }
    return batches;
  }

  private static long limit(JsonNode batcher, String field, DataScope scope) {
    JsonNode value = batcher.get(field);
    JsonNode path = batcher.get(field + "Path");
    if (value == null && path != null && path.isTextual()) {
      try {
        value =
            io.stepwise.engine.dataflow.path.JsonPath.compile(path.asText()).read(scope.input());
      } catch (Exception e) {
        throw StateEvaluationException.runtime(
            "The " + field + "Path field refers to " + path.asText() + ", which finds no value");
      }
    }
    if (value == null) return 0;
    if (!value.canConvertToLong() || value.asLong() < 0) {
      throw StateEvaluationException.runtime(
          "The " + field + " field must be a positive integer, not " + Json.write(value));
    }
    return value.asLong();
  }

  /** The input of one child: the item, or {@code {"Items": [...], "BatchInput": ...}}. */
  JsonNode batchInput(MapState s, ArrayNode selectedItems, DataScope scope) {
    ObjectNode input = Json.object();
    Template batchInput = s.mapRun().batchInput();
    if (batchInput != null) input.set("BatchInput", batchInput.evaluate(scope));
    input.set("Items", selectedItems);
    return input;
  }

  /** Starts one child execution for a child frame. */
  void startChild(Frame frame, Frame child, MapState s, JsonNode input) {
    child.remote = true;
    child.silent = true;
    child.taskToken = step.newToken(child);
    child.phase = Frame.Phase.WAITING_TASK;
    JsonNode definition = s.itemProcessorJson();
    if (s.base().queryLanguage() == QueryLanguage.JSONATA && !definition.has("QueryLanguage")) {
      ObjectNode copy = definition.deepCopy();
      copy.put("QueryLanguage", QueryLanguage.JSONATA.awsName());
      definition = copy;
    }
    String name =
        frame.mapRunArn.substring(frame.mapRunArn.lastIndexOf(':') + 1) + ":" + child.index;
    step.commands.add(
        new Command.StartChildExecution(
            child.taskToken, name, definition, input, "EXPRESS".equals(s.executionType())));
  }

  /** A child execution ended. */
  static void childFinished(Frame child, Signal signal) {
    child.taskToken = null;
    switch (signal) {
      case Signal.TaskSucceeded s -> {
        child.output = s.output();
        child.phase = Frame.Phase.DONE;
      }
      case Signal.TaskFailed f -> {
        child.error = f.error();
        child.cause = f.cause();
        child.phase = Frame.Phase.FAILED;
      }
      default -> {}
    }
  }

  /** Asks the runtime to write the results; false when the Map has no ResultWriter. */
  boolean requestWrite(Frame frame, MapState s, JsonNode results, DataScope scope) {
    if (s.mapRun().resultWriter() == null) return false;
    ObjectNode writer = s.mapRun().resultWriter().deepCopy();
    writer.remove("Arguments");
    Template parameters = s.mapRun().writerParameters();
    if (parameters != null) writer.set("Parameters", parameters.evaluate(scope));
    frame.taskToken = step.newToken(frame);
    frame.phase = Frame.Phase.WAITING_RESULTS;
    step.commands.add(
        new Command.WriteResults(frame.taskToken, s.name(), writer, frame.mapRunArn, results));
    return true;
  }

  /** A Map's result when a ResultWriter wrote the results elsewhere. */
  static JsonNode writtenResult(String mapRunArn, JsonNode writerDetails) {
    ObjectNode result = Json.object();
    result.put("MapRunArn", mapRunArn);
    result.set("ResultWriterDetails", writerDetails);
    return result;
  }

  /** A new Map Run ARN: arn:…:mapRun:STATE_MACHINE/LABEL:ID. */
  String newMapRunArn(MapState s) {
    String label = s.label() == null ? s.name() : s.label();
    String prefix = step.snapshot.stateMachineArn.replace(":stateMachine:", ":mapRun:");
    byte[] id = new byte[8];
    step.random.nextBytes(id);
    return prefix + "/" + label + ":" + HexFormat.of().formatHex(id);
  }
}
