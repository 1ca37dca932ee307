package io.stepwise.web.bulk;

import io.stepwise.engine.service.ExecutionService;
import java.util.Locale;

/** What a bulk action does to each execution, and how the page words it. */
public enum BulkAction {
  STOP("Stop", "stopped"),
  REDRIVE("Redrive", "redriven"),
  EXPORT("Export", "exported");

  private final String verb;
  private final String done;

  BulkAction(String verb, String done) {
    this.verb = verb;
    this.done = done;
  }

  /** The action a form names, or null. */
  public static BulkAction named(String name) {
    if (name == null) return null;
    for (BulkAction a : values()) if (a.name().equalsIgnoreCase(name)) return a;
    return null;
  }

  public String verb() {
    return verb;
  }

  public String done() {
    return done;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Does it to one execution through the service, which checks the caller's role and team on that
   * execution (a refusal is a {@code ServiceException}).
   */
  void apply(ExecutionService executions, String executionArn) {
    switch (this) {
      case STOP -> executions.stop(executionArn, "Stopped", "Stopped from the web UI (bulk)");
      case REDRIVE -> executions.redrive(executionArn);
      case EXPORT -> throw new IllegalStateException("an export is a download");
    }
  }
}
