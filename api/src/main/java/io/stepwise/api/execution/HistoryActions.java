package io.stepwise.api.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.PageToken;
import io.stepwise.api.protocol.Request;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * GetExecutionHistory: the stored events of a Standard execution in AWS's wire shape, paged by
 * event id, oldest first unless {@code reverseOrder}.
 */
@ApplicationScoped
public class HistoryActions implements ActionFamily {
  private final ExecutionActions executions;
  private final PgExecutions store;

  public HistoryActions(ExecutionActions executions, PgExecutions store) {
    this.executions = executions;
    this.store = store;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of("GetExecutionHistory", this::history);
  }

  private JsonNode history(Request r) {
    Execution e = executions.existing(r.string("executionArn"));
    int max = r.maxResults(100);
    boolean reverse = r.bool("reverseOrder");
    boolean includeData = r.node("includeExecutionData") == null || r.bool("includeExecutionData");
    String position = PageToken.decode(r.optionalString("nextToken", 3096).orElse(null));
    long after;
    try {
      after = position == null ? (reverse ? Long.MAX_VALUE : 0) : Long.parseLong(position);
    } catch (NumberFormatException ex) {
      throw new AwsError("InvalidToken", "Invalid Token: '" + position + "'");
    }
    List<HistoryEvent> page = store.history(e.arn(), after, reverse, max + 1);
    ObjectNode out = Json.object();
    ArrayNode events = out.putArray("events");
    for (HistoryEvent event : page.subList(0, Math.min(max, page.size()))) {
      events.add(AwsHistoryFormat.toJson(event, includeData));
    }
    if (page.size() > max) {
      out.put("nextToken", PageToken.encode(Long.toString(page.get(max - 1).id())));
    }
    return out;
  }
}
