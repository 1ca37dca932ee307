package io.stepwise.engine.service;

import io.stepwise.engine.interpret.ExecutionStatus;
import java.time.Instant;

/** An execution as lists show it; {@code stopDate} is null while it runs. */
public record ExecutionSummary(
    String executionArn,
    String name,
    String stateMachineArn,
    String stateMachineName,
    ExecutionStatus status,
    Instant startDate,
    Instant stopDate) {}
