package io.stepwise.web.execution;

import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.web.page.Paths;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The executions list's filters as the form sends them (all optional text), and the query they
 * make. Times are the browser's {@code datetime-local} values, read as UTC (the form says so, and
 * the list shows its times in UTC).
 */
public record ExecutionFilter(
    String status, String stateMachine, String from, String to, String prefix, String page) {
  static final int PAGE_SIZE = 50;

  /** The service query; {@code stateMachineArn} is the ARN of the named machine, or null. */
  ExecutionQuery query(String stateMachineArn) {
    return new ExecutionQuery(
        stateMachineArn,
        statusValue(),
        blank(prefix) ? null : prefix,
        time(from),
        time(to),
        PAGE_SIZE,
        blank(page) ? null : page);
  }

  /** The same filters from the start, as many as the count shows (one bounded read). */
  ExecutionQuery count(String stateMachineArn) {
    ExecutionQuery q = query(stateMachineArn);
    return new ExecutionQuery(
        q.stateMachineArn(),
        q.status(),
        q.namePrefix(),
        q.startedAfter(),
        q.startedBefore(),
        ExecutionList.COUNT_LIMIT,
        null);
  }

  /** The list's URL with these filters and the paging given. */
  String link(String pageToken, List<String> back, int at) {
    StringBuilder url =
        new StringBuilder("/executions?status=").append(Paths.encode(orEmpty(status)));
    url.append("&stateMachine=").append(Paths.encode(orEmpty(stateMachine)));
    url.append("&from=").append(Paths.encode(orEmpty(from)));
    url.append("&to=").append(Paths.encode(orEmpty(to)));
    url.append("&prefix=").append(Paths.encode(orEmpty(prefix)));
    if (pageToken != null) url.append("&page=").append(Paths.encode(pageToken));
    for (String b : back) url.append("&back=").append(Paths.encode(b));
    if (at > 0) url.append("&at=").append(at);
    return url.toString();
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

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
