package io.stepwise.web.timetravel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.replay.ExecutionExport;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds executions' {@link Recording}s from the services and keeps the latest few. Reading and
 * converting a 25,000-event history costs far more than one time-travel step, and a slider asks for
 * many steps of the same execution; a running execution's recording is extended by the events that
 * came since, never read again from the start.
 */
@ApplicationScoped
public class Recordings {
  private static final int CAPACITY = 16;
  private static final int CHUNK = 1000;

  private final ExecutionService executions;
  private final StateMachineService machines;
  private final Cache<String, Recording> cache =
      Caffeine.newBuilder().maximumSize(CAPACITY).build();

  private final Ports ports;

  /**
   * @param ports the server's interpreter ports (its evaluation budget), so that replays and time
   *     travel of a pasted definition run within the same limits as executions; the standard ones
   *     where the application has none
   */
  @Inject
  public Recordings(
      ExecutionService executions, StateMachineService machines, Instance<Ports> ports) {
    this(executions, machines, ports.isResolvable() ? ports.get() : Ports.STANDARD);
  }

  public Recordings(ExecutionService executions, StateMachineService machines, Ports ports) {
    this.executions = executions;
    this.machines = machines;
    this.ports = ports;
  }

  /** The execution's recording, up to date; 404 when the execution or its machine is gone. */
  public Recording of(String executionArn) {
    // Asked first, every time: the service answers only what the caller may see, and the cache is
    // shared by every user (a cached recording handed out unasked went to other teams).
    ExecutionDetail detail =
        executions
            .describe(executionArn)
            .orElseThrow(() -> new NotFoundException("No execution " + executionArn));
    Recording known = cache.getIfPresent(executionArn);
    if (known != null && known.finished()) return known;
    StateMachineDetail machine =
        machines
            .describeForExecution(detail.summary())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "The state machine of " + executionArn + " no longer exists"));
    List<HistoryEvent> events = new ArrayList<>();
    ArrayNode json = Json.NODES.arrayNode();
    if (known != null && known.machine().definition().equals(machine.definition())) {
      events.addAll(known.events());
      json.addAll(known.export().events());
    }
    while (true) {
      long after = events.isEmpty() ? 0 : events.getLast().id();
      List<HistoryEvent> chunk = executions.history(executionArn, after, CHUNK);
      for (HistoryEvent e : chunk) json.add(AwsHistoryFormat.toJson(e, true));
      events.addAll(chunk);
      if (chunk.size() < CHUNK) break;
    }
    if (known != null
        && known.lastEventId() == lastId(events)
        && known.detail().equals(detail)
        && known.machine().definition().equals(machine.definition())) {
      return known;
    }
    Recording fresh = new Recording(detail, machine, events, export(detail, machine, json), ports);
    cache.put(executionArn, fresh);
    return fresh;
  }

  private static long lastId(List<HistoryEvent> events) {
    return events.isEmpty() ? 0 : events.getLast().id();
  }

  private static ExecutionExport export(
      ExecutionDetail detail, StateMachineDetail machine, ArrayNode events) {
    // The services do not hand out the execution's random seed, so the export has none: a replay
    // draws other values for States.UUID / States.MathRandom and retry jitter (documented).
    return new ExecutionExport(
        Json.parseTrusted(machine.definition()),
        parse(detail.input()),
        machine.name(),
        detail.summary().name(),
        events,
        0);
  }

  private static JsonNode parse(String text) {
    return text == null ? Json.object() : Json.parseTrusted(text);
  }
}
