package io.stepwise.engine.dataflow.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared conformance corpus: case files under {@code <stepwise.shared>/conformance/cases}. */
final class Corpus {
  private Corpus() {}

  static Path cases() {
    String shared = System.getProperty("stepwise.shared", "../../shared");
    return Path.of(shared, "conformance", "cases");
  }

  /** Every case file of a category folder, sorted by name, or of all folders when null. */
  static List<Path> files(String category) {
    Path root = category == null ? cases() : cases().resolve(category);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return Json.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
