package io.stepwise.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Writes history events as AWS's GetExecutionHistory does: epoch-second timestamps with a fraction,
 * and payloads ({@code input}, {@code output}, {@code parameters}) as JSON strings.
 */
public final class AwsHistoryFormat {
  private static final Set<String> PAYLOAD_FIELDS = Set.of("input", "output", "parameters");

  private AwsHistoryFormat() {}

  /** One event in AWS's JSON shape. */
  public static ObjectNode toJson(HistoryEvent event, boolean includeData) {
    ObjectNode out = Json.object();
    out.put("timestamp", epochSeconds(event.timestamp()));
    out.put("type", event.type().awsName());
    out.put("id", event.id());
    out.put("previousEventId", event.previousEventId());
    if (event.details() != null && event.type().detailsKey() != null) {
      ObjectNode details = Json.object();
      Iterator<Map.Entry<String, JsonNode>> it = event.details().fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (PAYLOAD_FIELDS.contains(e.getKey())) {
          if (includeData)
            details.put(e.getKey(), e.getValue() == null ? null : Json.write(e.getValue()));
        } else {
          details.set(e.getKey(), e.getValue());
        }
      }
      out.set(event.type().detailsKey(), details);
    }
    return out;
  }

  /** AWS's wire form of a timestamp: seconds since the epoch with milliseconds. */
  public static BigDecimal epochSeconds(java.time.Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }
}
