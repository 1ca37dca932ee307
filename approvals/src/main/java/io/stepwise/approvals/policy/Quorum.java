package io.stepwise.approvals.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stepwise.approvals.InvalidApprovalParameters;

/**
 * How many distinct deciders must choose the same succeeding choice: {@code "ANY"} (one, the
 * default), {@code "ALL"} (every address asked by mail; group members are not known in advance) or
 * a number.
 *
 * @param count the number for {@link Kind#COUNT}; 1 for ANY, 0 for ALL
 */
public record Quorum(Kind kind, int count) {
  public static final Quorum ANY = new Quorum(Kind.ANY, 1);

  public enum Kind {
    ANY,
    ALL,
    COUNT
  }

  /** Reads the {@code Quorum} parameter (null: ANY). */
  static Quorum parse(JsonNode node, int addressed, int maxDeciders) {
    if (node == null || node.isNull()) return ANY;
    if (node.isTextual() && node.asText().equals("ANY")) return ANY;
    if (node.isTextual() && node.asText().equals("ALL")) {
      if (addressed == 0) {
        throw new InvalidApprovalParameters(
            "Quorum: \"ALL\" needs addresses in To (the members of Groups are not known in"
                + " advance); give a number instead");
      }
      return new Quorum(Kind.ALL, 0);
    }
    if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 1) {
      if (node.asInt() > maxDeciders) {
        throw new InvalidApprovalParameters(
            "Quorum: " + node.asInt() + " is more than the " + maxDeciders + " deciders allowed");
      }
      return node.asInt() == 1 ? ANY : new Quorum(Kind.COUNT, node.asInt());
    }
    throw new InvalidApprovalParameters(
        "Quorum must be \"ANY\", \"ALL\" or a positive integer, not " + node);
  }

  /** How many equal succeeding votes end the task, given the addresses asked now. */
  public int required(int addressed) {
    return switch (kind) {
      case ANY -> 1;
      case ALL -> Math.max(1, addressed);
      case COUNT -> count;
    };
  }

  JsonNode toJson() {
    return switch (kind) {
      case ANY -> JsonNodeFactory.instance.textNode("ANY");
      case ALL -> JsonNodeFactory.instance.textNode("ALL");
      case COUNT -> JsonNodeFactory.instance.numberNode(count);
    };
  }

  /** As people read it: "any one", "all", "2". */
  public String describe(int addressed) {
    return switch (kind) {
      case ANY -> "any one decider";
      case ALL -> "all " + addressed + " addressed deciders";
      case COUNT -> count + " deciders";
    };
  }
}
