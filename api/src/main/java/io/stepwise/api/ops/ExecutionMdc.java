package io.stepwise.api.ops;

import org.jboss.logging.MDC;

/**
 * The execution a log line concerns, as the {@value #KEY} entry of the logging context (the MDC).
 * The JSON log format ({@code STEPWISE_LOG_JSON=true}) writes it as a field of every line logged
 * inside the scope. Use it around work on one execution:
 *
 * <pre>{@code
 * try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
 *   ... // every log line here carries "executionArn"
 * }
 * }</pre>
 *
 * The scope restores the previous value on close, so nested executions (a parent step starting a
 * child) log the right ARN on each side.
 */
public final class ExecutionMdc {
  /** The MDC key (and JSON field) that holds the execution ARN. */
  public static final String KEY = "executionArn";

  private ExecutionMdc() {}

  /** The execution ARN in this thread's logging context, or null. */
  public static String current() {
    Object arn = MDC.get(KEY);
    return arn == null ? null : arn.toString();
  }

  /** Puts {@code executionArn} in the MDC until the returned scope is closed. */
  public static Scope enter(String executionArn) {
    Object previous = MDC.get(KEY);
    if (executionArn == null) MDC.remove(KEY);
    else MDC.put(KEY, executionArn);
    return new Scope(previous);
  }

  /** Restores the MDC entry that was there before {@link #enter}. */
  public record Scope(Object previous) implements AutoCloseable {
    @Override
    public void close() {
      if (previous == null) MDC.remove(KEY);
      else MDC.put(KEY, previous);
    }
  }
}
