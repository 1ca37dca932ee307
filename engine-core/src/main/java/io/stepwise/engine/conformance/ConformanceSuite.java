package io.stepwise.engine.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the case files under a folder (any folder of cases in the conformance format). */
public final class ConformanceSuite {
  private ConformanceSuite() {}

  /**
   * All cases under {@code folder}, sorted by id. If the folder holds a {@code cases} subfolder
   * (the shared corpus layout), ids are relative to it.
   */
  public static List<ConformanceCase> load(Path folder) throws IOException {
    Path root = Files.isDirectory(folder.resolve("cases")) ? folder.resolve("cases") : folder;
    List<ConformanceCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        if (f.getFileName().toString().equals("INDEX.json")) continue;
        try {
          cases.add(ConformanceCase.read(root, f));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read case " + f + ": " + e.getMessage(), e);
        }
      }
    }
    return cases;
  }
}
