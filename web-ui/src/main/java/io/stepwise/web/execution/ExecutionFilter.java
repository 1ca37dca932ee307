package io.stepwise.web.execution;

import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.web.page.Paths;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The executions search as the list's URL carries it (all optional text), and the query it makes:
 * {@code /executions?status=&stateMachine=&error=&cause=&input=&output=&from=&to=&name=}, so a
 * search is a link to bookmark and share. Times are the browser's {@code datetime-local} values,
 * read as UTC (the form says so, and the list shows its times in UTC); {@code name} is a name
 * prefix; {@code input} and {@code output} are JSON values the execution's input or output
 * contains.
 */
public record ExecutionFilter(
    String status,
    String stateMachine,
    String from,
    String to,
    String name,
    String error,
    String cause,
    String input,
    String output,
    String page) {
  static final int PAGE_SIZE = 50;

  /** The service query; {@code stateMachineArn} is the ARN of the named machine, or null. */
  public ExecutionQuery query(String stateMachineArn) {
    return new ExecutionQuery(
            stateMachineArn,
            statusValue(),
            given(name),
            time(from),
            time(to),
            PAGE_SIZE,
            given(page))
        .searching(given(error), given(cause), given(input), given(output));
  }

  /** The same filters from the start, as many as the count shows (one bounded read). */
  public ExecutionQuery count(String stateMachineArn) {
    return query(stateMachineArn).page(ExecutionList.COUNT_LIMIT, null);
  }

  /** The search's fields by their URL parameter names, in the URL's order ("" when not given). */
  public Map<String, String> fields() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("status", orEmpty(status));
    values.put("stateMachine", orEmpty(stateMachine));
    values.put("error", orEmpty(error));
    values.put("cause", orEmpty(cause));
    values.put("input", orEmpty(input));
    values.put("output", orEmpty(output));
    values.put("from", orEmpty(from));
    values.put("to", orEmpty(to));
    values.put("name", orEmpty(name));
    return values;
  }

  /** The search's URL parameters (no paging), each encoded: {@code status=…&stateMachine=…}. */
  public String parameters() {
    StringJoiner joined = new StringJoiner("&");
    fields().forEach((key, value) -> joined.add(key + "=" + Paths.encode(value)));
    return joined.toString();
  }

  /** The list's URL with these filters and the paging given. */
  String link(String pageToken, List<String> back, int at) {
    StringBuilder url = new StringBuilder("/executions?").append(parameters());
    if (pageToken != null) url.append("&page=").append(Paths.encode(pageToken));
    for (String b : back) url.append("&back=").append(Paths.encode(b));
    if (at > 0) url.append("&at=").append(at);
    return url.toString();
  }

  /** Whether the search looks inside executions (error, cause, input or output). */
  public boolean looksInside() {
    return given(error) != null
        || given(cause) != null
        || given(input) != null
        || given(output) != null;
  }

  ExecutionStatus statusValue() {
    if (blank(status)) return null;
    try {
      return ExecutionStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public boolean selected(String value) {
    return value.equals(status);
  }

  public String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Instant time(String value) {
    if (blank(value)) return null;
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String given(String value) {
    return blank(value) ? null : value;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
