package io.stepwise.engine.service;

/**
 * An execution with its data: input, output (when succeeded), error and cause (when it failed), as
 * JSON text.
 */
public record ExecutionDetail(
    ExecutionSummary summary,
    String input,
    String output,
    String error,
    String cause,
    int redriveCount) {}
