package io.stepwise.api.statemachine;

import io.stepwise.engine.asl.StateMachineType;
import java.time.Instant;

/** A state machine of the catalog as the API describes it. */
public record StateMachine(
    String arn,
    String name,
    StateMachineType type,
    String definition,
    String roleArn,
    String description,
    String loggingConfiguration,
    String tracingConfiguration,
    String revisionId,
    Instant createdAt,
    Instant updatedAt) {}
