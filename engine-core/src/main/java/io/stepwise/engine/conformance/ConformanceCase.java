package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One case of the conformance format ({@code shared/conformance/FORMAT.md}): a definition, an
 * input, mocks, and what real AWS Step Functions did.
 *
 * @param id {@code <category>/<file>.json}, how reports and known-failure lists name it
 * @param json the whole case
 */
public record ConformanceCase(String id, String category, JsonNode json) {

  /** Reads a case file; {@code root} is the folder its id is relative to. */
  public static ConformanceCase read(Path root, Path file) throws IOException {
    JsonNode json = Json.parse(Files.readString(file));
    String id = root.relativize(file).toString().replace('\\', '/');
    String category = json.path("category").asText(null);
    if (category == null) {
      Path parent = file.getParent();
      category = parent == null ? "" : parent.getFileName().toString();
    }
    return new ConformanceCase(id, category, json);
  }

  public JsonNode definition() {
    return json.get("definition");
  }

  public JsonNode expect() {
    return json.path("expect");
  }

  public boolean flag(String name) {
    return json.path(name).asBoolean(false);
  }
}
