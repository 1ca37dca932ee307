package io.stepwise.engine.service;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import java.time.Instant;

/**
 * A state machine with its definition, as written and as parsed (the parsed tree draws the graph).
 */
public record StateMachineDetail(
    String arn,
    String name,
    StateMachineType type,
    String definition,
    StateMachineDefinition parsed,
    String roleArn,
    Instant createdAt,
    Instant updatedAt) {}
