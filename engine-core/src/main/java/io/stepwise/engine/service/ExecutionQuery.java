package io.stepwise.engine.service;

import io.stepwise.engine.interpret.ExecutionStatus;
import java.time.Instant;

/**
 * Filters for listing executions; null fields do not filter. Pages are ordered newest first and are
 * keyset-paged (the token names where the next page starts), so paging stays fast on millions of
 * executions.
 *
 * @param errorName only executions that ended with exactly this error
 * @param causeContains only executions whose cause contains this text (any case)
 * @param inputContains JSON text: only executions whose input contains this value as PostgreSQL's
 *     {@code jsonb @>} reads containment (an object's members, recursively; an array's elements in
 *     any order), e.g. {@code {"orderId":"A-17"}}
 * @param outputContains the same for the output (only succeeded executions have one)
 * @param mapRunArn the children of that Map Run only. Without it, a listing across state machines
 *     leaves distributed Map children out (they belong to their Map Run, as in AWS's console, where
 *     a nightly Map of 10,000 items would otherwise bury everything else)
 */
public record ExecutionQuery(
    String stateMachineArn,
    ExecutionStatus status,
    String namePrefix,
    Instant startedAfter,
    Instant startedBefore,
    int pageSize,
    String pageToken,
    String errorName,
    String causeContains,
    String inputContains,
    String outputContains,
    String mapRunArn) {

  /** Longest error name, cause text or JSON value a search takes. */
  public static final int MAX_SEARCH_TEXT = 4096;

  /** A query by machine, status, name prefix and start time only. */
  public ExecutionQuery(
      String stateMachineArn,
      ExecutionStatus status,
      String namePrefix,
      Instant startedAfter,
      Instant startedBefore,
      int pageSize,
      String pageToken) {
    this(
        stateMachineArn,
        status,
        namePrefix,
        startedAfter,
        startedBefore,
        pageSize,
        pageToken,
        null,
        null,
        null,
        null,
        null);
  }

  /** The first page of everything, {@code pageSize} at a time. */
  public static ExecutionQuery all(int pageSize) {
    return new ExecutionQuery(null, null, null, null, null, pageSize, null);
  }

  /**
   * The same filters, also searching by content (error name, cause text, JSON containment of input
   * and output; null: not by that).
   */
  public ExecutionQuery searching(String error, String cause, String inputJson, String outputJson) {
    return with(startedBefore, pageSize, pageToken, error, cause, inputJson, outputJson);
  }

  /** The same filters, also only executions started before {@code instant}. */
  public ExecutionQuery startedBefore(Instant instant) {
    Instant before =
        startedBefore == null || instant.isBefore(startedBefore) ? instant : startedBefore;
    return with(
        before, pageSize, pageToken, errorName, causeContains, inputContains, outputContains);
  }

  /** The same filters, another page. */
  public ExecutionQuery page(int size, String token) {
    return with(
        startedBefore, size, token, errorName, causeContains, inputContains, outputContains);
  }

  private ExecutionQuery with(
      Instant before,
      int size,
      String token,
      String error,
      String cause,
      String inputJson,
      String outputJson) {
    return new ExecutionQuery(
        stateMachineArn,
        status,
        namePrefix,
        startedAfter,
        before,
        size,
        token,
        error,
        cause,
        inputJson,
        outputJson,
        mapRunArn);
  }

  /** The children of a Map Run, newest first. */
  public static ExecutionQuery ofMapRun(
      String mapRunArn, ExecutionStatus status, int pageSize, String pageToken) {
    return new ExecutionQuery(
        null, status, null, null, null, pageSize, pageToken, null, null, null, null, mapRunArn);
  }
}
