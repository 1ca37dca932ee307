package io.stepwise.web.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.web.page.PrettyJson;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the event history table.
 *
 * @param elapsed time since the execution started
 * @param stateName the state named in the event's details, or empty
 * @param details the event's details as indented JSON (payloads as JSON values), or empty
 * @param failure whether the event reports an error (drawn in red)
 */
public record HistoryRow(
    long id,
    String type,
    Instant timestamp,
    String elapsed,
    String stateName,
    String details,
    boolean failure) {

  public static HistoryRow of(HistoryEvent e, Instant executionStart) {
    JsonNode name = e.details() == null ? null : e.details().get("name");
    String type = e.type().awsName();
    return new HistoryRow(
        e.id(),
        type,
        e.timestamp(),
        executionStart == null
            ? ""
            : "+" + Durations.text(Duration.between(executionStart, e.timestamp()).toMillis()),
        name != null && name.isTextual() ? name.textValue() : "",
        e.details() == null || e.details().isEmpty() ? "" : PrettyJson.of(e.details()),
        type.endsWith("Failed") || type.endsWith("TimedOut") || type.endsWith("Aborted"));
  }
}
