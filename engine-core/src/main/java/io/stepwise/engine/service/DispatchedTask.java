package io.stepwise.engine.service;

/**
 * A task the server has committed to run: what a {@link BuiltInTaskHandler} receives.
 *
 * @param taskToken the token that resolves it through {@link TaskTokenService}
 * @param resource the Task state's Resource
 * @param input the effective parameters, as JSON text
 * @param timeoutSeconds the state's TimeoutSeconds, or null
 * @param heartbeatSeconds the state's HeartbeatSeconds, or null
 */
public record DispatchedTask(
    String taskToken,
    String resource,
    String stateName,
    String executionArn,
    String stateMachineArn,
    String input,
    Integer timeoutSeconds,
    Integer heartbeatSeconds) {}
