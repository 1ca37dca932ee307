package io.stepwise.approvals.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.approvals.store.VoteRecord;
import java.util.List;

/**
 * The task's output (or, for a failing choice, its error cause): the deciding vote's {@code
 * decision}, {@code comment}, {@code decidedBy}, {@code decidedAt} and {@code fields}, and every
 * vote in {@code votes}.
 */
final class Outputs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Outputs() {}

  static String result(VoteRecord deciding, List<VoteRecord> votes) {
    ObjectNode result = vote(deciding);
    ArrayNode all = result.putArray("votes");
    votes.forEach(v -> all.add(vote(v)));
    return result.toString();
  }

  private static ObjectNode vote(VoteRecord v) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("decision", v.decision());
    node.put("comment", v.comment());
    node.put("decidedBy", v.decidedBy());
    node.put("decidedAt", v.decidedAt().toString());
    node.set("fields", fields(v.fields()));
    return node;
  }

  private static JsonNode fields(String json) {
    if (json == null) return MAPPER.nullNode();
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored form values are not JSON", e);
    }
  }
}
