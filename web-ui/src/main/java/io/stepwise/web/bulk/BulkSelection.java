package io.stepwise.web.bulk;

import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import java.time.Instant;
import java.util.List;

/**
 * What a bulk action acts on: the executions picked on the list ({@code picked}), or every
 * execution a search finds ({@code search} non-null) that started before the confirmation ({@code
 * before}), at most {@code limit} of them (what the confirmation counted). Taken a chunk at a time,
 * so each request does bounded work and the page shows progress between chunks.
 */
record BulkSelection(List<String> picked, ExecutionQuery search, Instant before, int limit) {
  /** The most executions one bulk action takes (the list counts this many). */
  static final int MAX = 1000;

  /** Executions per request. */
  static final int CHUNK = 10;

  /** One chunk of executions and where the next one starts (null: this was the last). */
  record Chunk(List<ExecutionSummary> executions, String next) {}

  /**
   * The chunk starting at {@code cursor} (an index into the picked executions, or the search's page
   * token; null at the start) after {@code done} were taken. A picked execution the caller cannot
   * see is still taken, by its ARN, so its refusal is shown like any other.
   */
  Chunk chunk(ExecutionService executions, String cursor, int done) {
    int room = Math.min(CHUNK, limit - done);
    if (room <= 0) return new Chunk(List.of(), null);
    if (search == null) {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      // The cursor comes back from the page, so it may have been edited.
      if (from < 0 || from > picked.size()) {
        throw new NumberFormatException("cursor " + from + " is not within the picked executions");
      }
      int to = Math.min(picked.size(), from + room);
      List<ExecutionSummary> chunk =
          picked.subList(from, to).stream()
              .map(
                  arn ->
                      executions
                          .describe(arn)
                          .map(d -> d.summary())
                          .orElse(new ExecutionSummary(arn, arn, null, null, null, null, null)))
              .toList();
      return new Chunk(chunk, to < picked.size() ? Integer.toString(to) : null);
    }
    Page<ExecutionSummary> page = executions.list(search.startedBefore(before).page(room, cursor));
    boolean last = page.nextToken() == null || done + page.items().size() >= limit;
    return new Chunk(page.items(), last ? null : page.nextToken());
  }

  /** How many executions the selection holds, up to {@link #MAX}; -1: more than that. */
  static int count(ExecutionService executions, ExecutionQuery search, Instant before) {
    Page<ExecutionSummary> page = executions.list(search.startedBefore(before).page(MAX, null));
    return page.nextToken() == null ? page.items().size() : -1;
  }
}
