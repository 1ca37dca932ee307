package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Workflow variables: what a frame can see, and what an Assign block changes.
 *
 * <p>Each frame holds every variable visible to it. A Parallel branch or Map iteration starts with
 * a copy of its parent's, so it reads the outer variables, but what it assigns stays in its own
 * copy: the outer scope never sees it and is never changed by it
 * (variables/base_cases_base_scope_map). Values are plain JSON, so the snapshot stays serialisable.
 */
final class Variables {
  private Variables() {}

  /** The variables a frame sees; never null. */
  static ObjectNode visible(Frame frame) {
    if (frame.variables == null) frame.variables = Json.object();
    return frame.variables;
  }

  /** A child frame's starting variables: a copy of its parent's. */
  static void inherit(Frame parent, Frame child) {
    ObjectNode copy = Json.object();
    if (parent.variables != null) copy.setAll(parent.variables);
    child.variables = copy;
  }

  /**
   * Evaluates an Assign block against the scope; null when there is none. All values are evaluated
   * before any is assigned, so an Assign never sees its own state's assignments
   * (variables/state_assign_evaluation_order_base_evaluation_order_pass_state).
   */
  static ObjectNode evaluate(Template assign, DataScope scope) {
    if (assign == null) return null;
    JsonNode values = assign.evaluate(scope);
    ObjectNode assigned = values instanceof ObjectNode o ? o : Json.object();
    checkAssignSize(assigned);
    return assigned;
  }

  /** AWS's quotas: 256 KiB for one variable and for one Assign block. */
  static final long MAX_ASSIGN_BYTES = 262_144;

  /** AWS's quota for all the variables an execution stores. */
  static final long MAX_STORED_BYTES = 10L * 1024 * 1024;

  private static void checkAssignSize(ObjectNode assigned) {
    PayloadSize sizes = new PayloadSize();
    long total = 0;
    Iterator<Map.Entry<String, JsonNode>> it = assigned.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      long size = sizes.sizeOf(e.getValue());
      if (size > MAX_ASSIGN_BYTES) {
        throw StateEvaluationException.runtime(
            "The variable '"
                + e.getKey()
                + "' is "
                + size
                + " bytes; a variable may hold at most 262144 bytes.");
      }
      total += size;
    }
    if (total > MAX_ASSIGN_BYTES) {
      throw StateEvaluationException.runtime(
          "The Assign field assigns "
              + total
              + " bytes; one Assign may assign at most 262144 bytes.");
    }
  }

  /** Assigns the values in the frame's scope. */
  static void apply(Frame frame, ObjectNode values) {
    if (values == null || values.isEmpty()) return;
    ObjectNode visible = Json.object();
    if (frame.variables != null) visible.setAll(frame.variables);
    visible.setAll(values);
    if (new PayloadSize().sizeOf(visible) > MAX_STORED_BYTES) {
      throw StateEvaluationException.runtime(
          "The execution's variables would exceed 10 MiB, the most an execution may store.");
    }
    // A fresh object: scopes handed out earlier (and parents' copies) keep the values they saw.
    frame.variables = visible;
  }

  /** AWS's {@code assignedVariables} of a stateExited event: each value as its JSON text. */
  static ObjectNode eventDetails(ObjectNode values) {
    ObjectNode out = Json.object();
    Iterator<Map.Entry<String, JsonNode>> it = values.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), Json.write(e.getValue()));
    }
    return out;
  }
}
