package io.stepwise.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark workload ({@code shared/bench/README.md}): a definition, its input, the expected
 * output and how many state transitions one execution makes.
 */
public record Workload(
    String name,
    JsonNode definition,
    JsonNode input,
    JsonNode expectedOutput,
    long transitionsPerExecution) {

  public static Workload read(Path file) throws IOException {
    JsonNode json = Json.parse(Files.readString(file));
    return new Workload(
        json.path("name").asText(file.getFileName().toString()),
        json.get("definition"),
        json.has("input") ? json.get("input") : Json.object(),
        json.get("expectedOutput"),
        json.path("transitionsPerExecution").asLong());
  }
}
