package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.ARRAY_CONTAINS;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.ARRAY_GET_ITEM;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.ARRAY_LENGTH;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.ARRAY_PARTITION;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.ARRAY_RANGE;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.ARRAY_UNIQUE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.engine.json.Json;
import java.util.HashSet;
import java.util.Set;

/** The array intrinsics: States.Array, ArrayPartition, ArrayContains, ArrayRange, ... */
final class ArrayFunctions {
  /** AWS: "The newly generated array can't contain more than 1000 items." */
  static final int MAX_RANGE_ITEMS = 1000;

  private ArrayFunctions() {}

  static JsonNode array(JsonNode[] values) {
    ArrayNode array = Json.NODES.arrayNode(values.length);
    for (JsonNode value : values) array.add(value);
    return array;
  }

  /**
   * Chunks of the given size, the last one shorter when the items run out
   * (intrinsics/array_partition_*). The size is rounded like MathAdd's arguments and must be
   * positive.
   */
  static JsonNode partition(JsonNode input, JsonNode chunkSize) {
    JsonNode array = Arguments.array(ARRAY_PARTITION, 1, input);
    int size = Arguments.roundedInt(ARRAY_PARTITION, 2, chunkSize);
    if (size <= 0) {
      throw IntrinsicFailure.invalidArguments(
          ARRAY_PARTITION,
          "the chunk size (argument 2) must be a positive integer but was " + size);
    }
    ArrayNode chunks = Json.NODES.arrayNode((array.size() + size - 1) / size);
    ArrayNode chunk = null;
    for (int i = 0; i < array.size(); i++) {
      if (i % size == 0) {
        chunk = Json.NODES.arrayNode(Math.min(size, array.size() - i));
        chunks.add(chunk);
      }
      chunk.add(array.get(i));
    }
    return chunks;
  }

  /** Whether any item equals the value, structurally (intrinsics/array_contains_*). */
  static JsonNode contains(JsonNode input, JsonNode value) {
    JsonNode array = Arguments.array(ARRAY_CONTAINS, 1, input);
    for (JsonNode item : array) {
      if (JsonEquality.equal(item, value)) return Json.NODES.booleanNode(true);
    }
    return Json.NODES.booleanNode(false);
  }

  /**
   * From the first number towards the last in steps, including the last when a step lands on it
   * (intrinsics/array_range_0 and _1). A negative step counts down; a step away from the last
   * number gives an empty array.
   */
  static JsonNode range(JsonNode first, JsonNode last, JsonNode step) {
    int from = Arguments.roundedInt(ARRAY_RANGE, 1, first);
    int to = Arguments.roundedInt(ARRAY_RANGE, 2, last);
    int increment = Arguments.roundedInt(ARRAY_RANGE, 3, step);
    if (increment == 0) {
      throw IntrinsicFailure.invalidArguments(ARRAY_RANGE, "the step (argument 3) must not be 0");
    }
    long span = (long) to - from;
    long count = span == 0 || (span > 0) == (increment > 0) ? span / increment + 1 : 0;
    if (count > MAX_RANGE_ITEMS) {
      throw IntrinsicFailure.invalidArguments(
          ARRAY_RANGE,
          "the array would contain "
              + count
              + " items but can't contain more than "
              + MAX_RANGE_ITEMS);
    }
    ArrayNode array = Json.NODES.arrayNode((int) count);
    for (long i = 0, value = from; i < count; i++, value += increment) {
      array.add((int) value);
    }
    return array;
  }

  /** The item at a zero-based index (intrinsics/array_get_item). */
  static JsonNode getItem(JsonNode input, JsonNode index) {
    JsonNode array = Arguments.array(ARRAY_GET_ITEM, 1, input);
    int at = Arguments.exactInt(ARRAY_GET_ITEM, 2, index);
    if (at < 0 || at >= array.size()) {
      throw IntrinsicFailure.invalidArguments(
          ARRAY_GET_ITEM,
          "the index " + at + " is out of bounds for an array of " + array.size() + " items");
    }
    return array.get(at);
  }

  static JsonNode length(JsonNode input) {
    return Json.NODES.numberNode(Arguments.array(ARRAY_LENGTH, 1, input).size());
  }

  /** The items without repeats, each kept where it first appears. */
  static JsonNode unique(JsonNode input) {
    JsonNode array = Arguments.array(ARRAY_UNIQUE, 1, input);
    Set<JsonEquality.Key> seen = new HashSet<>();
    ArrayNode unique = Json.NODES.arrayNode();
    for (JsonNode item : array) {
      if (seen.add(new JsonEquality.Key(item))) unique.add(item);
    }
    return unique;
  }
}
