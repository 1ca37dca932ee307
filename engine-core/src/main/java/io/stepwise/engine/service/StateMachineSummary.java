package io.stepwise.engine.service;

import io.stepwise.engine.asl.StateMachineType;
import java.time.Instant;

/** A state machine as lists show it. */
public record StateMachineSummary(
    String arn, String name, StateMachineType type, Instant createdAt, Instant updatedAt) {}
