package io.stepwise.web.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.WaitState;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.web.page.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a running state waits for, in sentences for its panel: a Task its resource, since when, who
 * took it, its time-out and heartbeat, and whether workers poll the resource; a Wait when it wakes.
 * Read from the state's definition and the events of its current visit.
 */
final class WaitingFor {
  /** Polls older than this make the panel say no worker is polling. */
  static final Duration QUIET = Duration.ofMinutes(2);

  private WaitingFor() {}

  /**
   * @param scheduled the visit's latest Scheduled event (a Task), or null
   * @param started the Started event of that attempt, or null
   * @param lastPoll when a worker last polled the task's resource, if the server knows
   */
  static List<String> task(
      HistoryEvent scheduled, HistoryEvent started, Optional<Instant> lastPoll, Instant now) {
    if (scheduled == null || scheduled.details() == null) return List.of();
    JsonNode d = scheduled.details();
    List<String> lines = new ArrayList<>();
    String resource = d.path("resource").asText("");
    lines.add("Waiting for " + resource + " since " + Times.utc(scheduled.timestamp()) + ".");
    if (started != null) {
      String worker =
          started.details() == null ? "" : started.details().path("workerName").asText("");
      lines.add(
          "Taken by "
              + (worker.isEmpty() ? "a worker" : worker)
              + " at "
              + Times.utc(started.timestamp())
              + ".");
    } else {
      lines.add("No worker has taken it yet.");
    }
    if (d.hasNonNull("timeoutInSeconds")) {
      Instant due = scheduled.timestamp().plusSeconds(d.path("timeoutInSeconds").asLong());
      lines.add("Times out at " + Times.utc(due) + " (TimeoutSeconds).");
    }
    if (d.hasNonNull("heartbeatInSeconds")) {
      long every = d.path("heartbeatInSeconds").asLong();
      Instant from = started != null ? started.timestamp() : scheduled.timestamp();
      lines.add(
          "Expects a heartbeat every "
              + every
              + " s (HeartbeatSeconds); the first by "
              + Times.utc(from.plusSeconds(every))
              + ".");
    }
    lastPoll
        .filter(at -> Duration.between(at, now).compareTo(QUIET) > 0)
        .ifPresent(
            at ->
                lines.add(
                    "No worker has polled this resource in "
                        + Times.span(Duration.between(at, now))
                        + " (last poll "
                        + Times.utc(at)
                        + ")."));
    return lines;
  }

  /** When a Wait state entered at {@code entered} wakes, as far as its definition tells. */
  static List<String> wait(State state, HistoryEvent entered) {
    if (!(state instanceof WaitState w) || entered == null) return List.of();
    JsonNode input = entered.details() == null ? null : entered.details().get("input");
    Optional<Instant> due = due(w, input, entered.timestamp());
    return List.of(
        due.map(at -> "Wakes at " + Times.utc(at) + ".")
            .orElse("Wakes at the time its Seconds or Timestamp field gives for this input."));
  }

  private static Optional<Instant> due(WaitState w, JsonNode input, Instant entered) {
    try {
      if (w.seconds() instanceof ValueExpression.Literal l) {
        return Optional.of(entered.plusSeconds(l.value().asLong()));
      }
      if (w.timestamp() instanceof ValueExpression.Literal l) {
        return Optional.of(Instant.parse(l.value().asText()));
      }
      // A path is read from the state's input; with an InputPath the input it saw differs.
      boolean inputAsIs = w.base().inputPath() == null || w.base().inputPath().isIdentity();
      if (!inputAsIs || input == null) return Optional.empty();
      if (w.seconds() instanceof ValueExpression.PathRef p && plain(p)) {
        JsonNode v = p.path().readOrNull(input);
        return v != null && v.canConvertToLong()
            ? Optional.of(entered.plusSeconds(v.asLong()))
            : Optional.empty();
      }
      if (w.timestamp() instanceof ValueExpression.PathRef p && plain(p)) {
        JsonNode v = p.path().readOrNull(input);
        return v != null && v.isTextual()
            ? Optional.of(Instant.parse(v.textValue()))
            : Optional.empty();
      }
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A path into the state's input (not the context object or a variable). */
  private static boolean plain(ValueExpression.PathRef p) {
    return !p.path().isContextPath() && p.path().variable() == null;
  }
}
