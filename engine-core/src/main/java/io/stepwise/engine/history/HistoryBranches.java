package io.stepwise.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which branch of an execution each history event belongs to, found by following {@code
 * previousEventId} as AWS sets it: the execution itself (key {@code ""}), each Map iteration
 * ({@code <parent>/<map>#<start>[<index>]}) and each Parallel branch ({@code
 * <parent>/<parallel>#<start>/<first state>}), where {@code <start>} counts the fan-out's starts in
 * its branch (retries, loops). Concurrent branches interleave differently per run; each branch's
 * own events come in one order.
 */
public final class HistoryBranches {
  /** What the split reads of an event. */
  private record Event(long id, long previousEventId, String type, String name, int index) {}

  /** One branch while the history is read: its key, its parent and the fan-outs open in it. */
  private static final class Branch {
    final String key;
    final Branch parent;
    int size;
    final Deque<String> openFanOuts = new ArrayDeque<>();
    final Map<String, Integer> starts = new HashMap<>();

    Branch(String key, Branch parent) {
      this.key = key;
      this.parent = parent;
    }
  }

  private final Map<String, Branch> branches = new HashMap<>();
  private final Map<Long, Event> events = new HashMap<>();
  private final Map<Long, Branch> branchOf = new HashMap<>();
  private final Map<Long, Integer> positionOf = new HashMap<>();
  private final Branch root = branch("", null);

  /** An empty history; {@link #add} its events in order. */
  public HistoryBranches() {}

  /** The branches of a history as the engine holds it. */
  public static HistoryBranches of(List<HistoryEvent> history) {
    HistoryBranches b = new HistoryBranches();
    for (HistoryEvent e : history) b.add(e);
    return b;
  }

  /** Places the history's next event; returns the key of its branch. */
  public String add(HistoryEvent e) {
    JsonNode d = e.details() == null ? MissingNode.getInstance() : e.details();
    add(
        new Event(
            e.id(),
            e.previousEventId(),
            e.type().awsName(),
            d.path("name").asText(null),
            d.path("index").asInt()));
    return branchOf(e.id());
  }

  /** The branches of a history in AWS's wire shape (GetExecutionHistory's events). */
  public static HistoryBranches ofWire(List<? extends JsonNode> history) {
    HistoryBranches b = new HistoryBranches();
    for (JsonNode e : history) {
      JsonNode d = details(e);
      b.add(
          new Event(
              e.path("id").asLong(),
              e.path("previousEventId").asLong(),
              e.path("type").asText(),
              d.path("name").asText(null),
              d.path("index").asInt()));
    }
    return b;
  }

  /** The key of the branch an event belongs to ({@code ""}: the execution itself). */
  public String branchOf(long eventId) {
    Branch b = branchOf.get(eventId);
    return b == null ? null : b.key;
  }

  /** The event's position (0-based) among its branch's events. */
  public int positionOf(long eventId) {
    return positionOf.getOrDefault(eventId, -1);
  }

  private Branch branch(String key, Branch parent) {
    return branches.computeIfAbsent(key, k -> new Branch(k, parent));
  }

  private void add(Event event) {
    events.put(event.id(), event);
    Event previous = events.get(event.previousEventId());
    Branch after = previous == null ? root : branchOf.getOrDefault(previous.id(), root);
    Branch into = after;
    String name = event.name();
    switch (event.type()) {
      case "MapIterationStarted" -> {
        Branch map = withOpen(after, name);
        into =
            branch(
                map.key
                    + "/"
                    + name
                    + "#"
                    + map.starts.getOrDefault(name, 0)
                    + "["
                    + event.index()
                    + "]",
                map);
      }
      case "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted" -> {
        String suffix = "[" + event.index() + "]";
        for (Branch b = after; b != null; b = b.parent) {
          if (b.key.endsWith(suffix) && b.key.contains("/" + name + "#")) {
            into = b;
            break;
          }
        }
      }
      case "MapStateStarted", "ParallelStateStarted" -> into = withOpen(after, null);
      case "MapStateExited", "ParallelStateExited" -> into = withOpen(after, name);
      case "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut" ->
          into = root;
      case "MapStateSucceeded",
          "MapStateFailed",
          "MapStateAborted",
          "ParallelStateSucceeded",
          "ParallelStateFailed",
          "ParallelStateAborted" -> {
        into = withOpen(after, null);
        if (!event.type().endsWith("Succeeded")) into.openFanOuts.poll();
      }
      default -> {
        if (previous != null && "ParallelStateStarted".equals(previous.type())) {
          String fanOut = after.openFanOuts.peek();
          String key =
              after.key + "/" + fanOut + "#" + after.starts.getOrDefault(fanOut, 0) + "/" + name;
          int same = 0;
          while (branches.containsKey(key + (same == 0 ? "" : "~" + same))) same++;
          into = branch(key + (same == 0 ? "" : "~" + same), after);
        }
      }
    }
    switch (event.type()) {
      case "MapStateEntered", "ParallelStateEntered" -> into.openFanOuts.push(name);
      case "MapStateExited", "ParallelStateExited" -> {
        if (name != null && name.equals(into.openFanOuts.peek())) into.openFanOuts.pop();
      }
      case "MapStateStarted", "ParallelStateStarted" -> {
        String fanOut = into.openFanOuts.peek();
        if (fanOut != null) into.starts.merge(fanOut, 1, Integer::sum);
      }
      default -> {}
    }
    positionOf.put(event.id(), into.size++);
    branchOf.put(event.id(), into);
  }

  /** The innermost branch from {@code b} up with that fan-out open (any fan-out when null). */
  private static Branch withOpen(Branch b, String name) {
    for (Branch at = b; at != null; at = at.parent) {
      if (name == null ? !at.openFanOuts.isEmpty() : at.openFanOuts.contains(name)) return at;
    }
    return b;
  }

  private static JsonNode details(JsonNode event) {
    for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith("EventDetails")) return e.getValue();
    }
    return MissingNode.getInstance();
  }
}
