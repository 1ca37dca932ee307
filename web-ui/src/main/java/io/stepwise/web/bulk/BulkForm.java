package io.stepwise.web.bulk;

import io.stepwise.web.execution.ExecutionFilter;
import jakarta.ws.rs.FormParam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields every bulk request carries: the action, the executions picked on the list or the
 * search they came from ({@code scope=search}), and, once confirmed, the moment and count that
 * bound the selection, and how far the work has got.
 */
public class BulkForm {
  @FormParam("action")
  public String action;

  /** {@code picked} (the executions ticked) or {@code search} (all that match). */
  @FormParam("scope")
  public String scope;

  @FormParam("execution")
  public List<String> executions;

  @FormParam("status")
  public String status;

  @FormParam("stateMachine")
  public String stateMachine;

  @FormParam("from")
  public String from;

  @FormParam("to")
  public String to;

  @FormParam("name")
  public String name;

  @FormParam("error")
  public String error;

  @FormParam("cause")
  public String cause;

  @FormParam("input")
  public String input;

  @FormParam("output")
  public String output;

  /** Epoch milliseconds of the confirmation: executions started later are not taken. */
  @FormParam("before")
  public Long before;

  @FormParam("limit")
  public Integer limit;

  @FormParam("cursor")
  public String cursor;

  @FormParam("done")
  public int done;

  @FormParam("succeeded")
  public int succeeded;

  @FormParam("failed")
  public int failed;

  /** A hidden field of the next request. */
  public record Field(String name, String value) {}

  /**
   * The fields that carry the selection, the bound and the progress on to the next request ({@code
   * action} and {@code cursor} are written by the page where they change).
   */
  public List<Field> carried() {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("scope", wholeSearch() ? "search" : "picked"));
    // The search goes along either way: the list to go back to.
    filter().fields().forEach((key, value) -> fields.add(new Field(key, value)));
    if (!wholeSearch()) for (String e : picked()) fields.add(new Field("execution", e));
    fields.add(new Field("before", Long.toString(beforeInstant().toEpochMilli())));
    if (limit != null) fields.add(new Field("limit", Integer.toString(limit)));
    fields.add(new Field("done", Integer.toString(done)));
    fields.add(new Field("succeeded", Integer.toString(succeeded)));
    fields.add(new Field("failed", Integer.toString(failed)));
    return fields;
  }

  /** The list with the search the action came from. */
  public String back() {
    return "/executions?" + filter().parameters();
  }

  BulkAction action() {
    return BulkAction.named(action);
  }

  boolean wholeSearch() {
    return "search".equals(scope);
  }

  ExecutionFilter filter() {
    return new ExecutionFilter(
        status, stateMachine, from, to, name, error, cause, input, output, null);
  }

  List<String> picked() {
    if (executions == null) return List.of();
    return executions.stream()
        .filter(e -> e != null && !e.isBlank())
        .distinct()
        .limit(BulkSelection.MAX)
        .toList();
  }

  Instant beforeInstant() {
    return before == null ? Instant.now() : Instant.ofEpochMilli(before);
  }
}
