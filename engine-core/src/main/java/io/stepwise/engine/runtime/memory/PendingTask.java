package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.Resource;

/**
 * A task an in-memory execution waits for (an activity, or a task its handler did not answer),
 * until a test completes it through {@link InMemoryExecutions}.
 */
public record PendingTask(
    String executionArn, String taskToken, String stateName, Resource resource, JsonNode input) {}
