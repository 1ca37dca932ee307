package io.stepwise.worker.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.worker.TaskFailure;
import io.stepwise.worker.TaskHandler;

/**
 * An example Java task handler: greets {@code input.name}. Registered in {@code
 * META-INF/services/io.stepwise.worker.TaskHandler}; a state reaches it with {@code "Resource":
 * "greet"} or {@code "arn:aws:lambda:us-east-1:123456789012:function:greet"}.
 */
public final class GreetingHandler implements TaskHandler {

  @Override
  public String name() {
    return "greet";
  }

  @Override
  public JsonNode handle(JsonNode input) throws TaskFailure {
    String name = input.path("name").asText("");
    if (name.isBlank()) {
      // A typed failure: a state's Retry or Catch can match "Greeting.NoName".
      throw new TaskFailure("Greeting.NoName", "The input has no \"name\" to greet.");
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("greeting", "Hello, " + name + "!");
    return output;
  }
}
