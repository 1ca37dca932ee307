package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.history.HistoryBranches;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares an execution's history, in AWS's wire shape ({@code GetExecutionHistory}'s events), with
 * the one AWS recorded ({@code expect.history}): each event's type, id, previous event id and
 * details. Strings are compared with the recording's placeholders as wildcards; JSON text (inputs,
 * outputs, parameters, assigned variables) is compared parsed. Timestamps are not compared.
 *
 * <p>Where the case says {@code eventsOrderNondeterministic}, a history whose order differs is
 * compared per branch instead ({@link HistoryBranches}): each Parallel branch and Map iteration in
 * order on its own, and each event's previous event by its place in its branch rather than by id,
 * since concurrent branches interleave (and so number their events) differently per run.
 */
final class HistoryExpectation {
  private final JsonExpectation values;
  private final boolean concurrent;

  HistoryExpectation(JsonExpectation values, boolean concurrent) {
    this.values = values;
    this.concurrent = concurrent;
  }

  /** Null when {@code actual} is the recorded history, else the first difference. */
  String difference(JsonNode expected, List<? extends JsonNode> actual) {
    String inOrder = inOrder(expected, actual);
    if (inOrder == null || !concurrent) return inOrder;
    String perBranch = perBranch(expected, actual);
    return perBranch == null ? null : perBranch + " (in order: " + inOrder + ")";
  }

  private String inOrder(JsonNode expected, List<? extends JsonNode> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      String d = eventDifference(expected.get(i), actual.get(i), true);
      if (d != null) return "event " + (i + 1) + ": " + d;
    }
    if (expected.size() == actual.size()) return null;
    return expected.size() > actual.size()
        ? "history ends after event "
            + actual.size()
            + ", AWS recorded "
            + expected.size()
            + " (next: "
            + expected.get(actual.size()).path("type").asText()
            + ")"
        : "history has "
            + actual.size()
            + " events, AWS recorded "
            + expected.size()
            + " (extra: "
            + actual.get(expected.size()).path("type").asText()
            + ")";
  }

  private String perBranch(JsonNode expected, List<? extends JsonNode> actual) {
    List<JsonNode> recorded = new ArrayList<>();
    expected.forEach(recorded::add);
    Map<String, List<Placed>> want = grouped(recorded);
    Map<String, List<Placed>> got = grouped(actual);
    if (!want.keySet().equals(got.keySet())) {
      return "branches "
          + new TreeSet<>(got.keySet())
          + ", AWS recorded "
          + new TreeSet<>(want.keySet());
    }
    for (Map.Entry<String, List<Placed>> branch : want.entrySet()) {
      List<Placed> mine = got.get(branch.getKey());
      String name = branch.getKey().isEmpty() ? "the execution" : "branch " + branch.getKey();
      for (int i = 0; i < Math.min(branch.getValue().size(), mine.size()); i++) {
        Placed w = branch.getValue().get(i);
        Placed g = mine.get(i);
        String d = eventDifference(w.event(), g.event(), false);
        if (d == null && !w.follows().equals(g.follows())) {
          d =
              w.event().path("type").asText()
                  + " follows from "
                  + g.follows()
                  + ", AWS recorded "
                  + w.follows();
        }
        if (d != null) return name + ", its event " + (i + 1) + ": " + d;
      }
      if (branch.getValue().size() != mine.size()) {
        return name + " has " + mine.size() + " events, AWS recorded " + branch.getValue().size();
      }
    }
    return null;
  }

  /**
   * An event in its branch.
   *
   * @param follows the event its previousEventId names, as {@code <branch>@<position>}, or {@code
   *     "0"}: ids differ between interleavings, this does not
   */
  private record Placed(JsonNode event, String follows) {}

  private static Map<String, List<Placed>> grouped(List<? extends JsonNode> history) {
    HistoryBranches branches = HistoryBranches.ofWire(history);
    Map<String, List<Placed>> out = new LinkedHashMap<>();
    for (JsonNode e : history) {
      long previous = e.path("previousEventId").asLong();
      String follows =
          branches.branchOf(previous) == null
              ? "0"
              : branches.branchOf(previous) + "@" + branches.positionOf(previous);
      out.computeIfAbsent(branches.branchOf(e.path("id").asLong()), k -> new ArrayList<>())
          .add(new Placed(e, follows));
    }
    return out;
  }

  private String eventDifference(JsonNode expected, JsonNode actual, boolean ids) {
    String type = expected.path("type").asText();
    if (!type.equals(actual.path("type").asText())) {
      return "expected " + describe(expected) + ", got " + describe(actual);
    }
    if (ids) {
      for (String id : new String[] {"id", "previousEventId"}) {
        if (expected.path(id).asLong() != actual.path(id).asLong()) {
          return type + " " + id + " " + actual.path(id) + ", AWS recorded " + expected.path(id);
        }
      }
    }
    Set<String> wantKeys = detailKeys(expected);
    Set<String> gotKeys = detailKeys(actual);
    if (!wantKeys.equals(gotKeys)) {
      return type + " has details " + gotKeys + ", AWS recorded " + wantKeys;
    }
    for (String key : wantKeys) {
      String d = detailsDifference(expected.get(key), actual.get(key), key);
      if (d != null) return type + " " + d;
    }
    return null;
  }

  /** Walks a details object; every string in it may be JSON text. */
  private String detailsDifference(JsonNode expected, JsonNode actual, String at) {
    if (actual == null || actual.isMissingNode()) return "missing " + at;
    if (expected.isTextual() && actual.isTextual()) {
      return values.jsonTextDifference(expected.textValue(), actual.textValue(), at);
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> want = new TreeSet<>();
      expected.fieldNames().forEachRemaining(want::add);
      Set<String> got = new TreeSet<>();
      actual.fieldNames().forEachRemaining(got::add);
      if (!want.equals(got)) return "at " + at + ": keys " + got + ", AWS recorded " + want;
      Iterator<String> names = expected.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String d = detailsDifference(expected.get(name), actual.get(name), at + "." + name);
        if (d != null) return d;
      }
      return null;
    }
    return values.difference(expected, actual) == null
        ? null
        : "at " + at + ": " + actual + ", AWS recorded " + expected;
  }

  private static Set<String> detailKeys(JsonNode event) {
    Set<String> keys = new TreeSet<>();
    event
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (k.endsWith("EventDetails")) keys.add(k);
            });
    return keys;
  }

  private static String describe(JsonNode event) {
    String type = event.path("type").asText();
    for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith("EventDetails") && e.getValue().has("name")) {
        return type + " '" + e.getValue().get("name").asText() + "'";
      }
    }
    return type;
  }
}
