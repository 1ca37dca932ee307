package io.stepwise.engine.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared corpus and workloads are: system property stepwise.shared, else ../shared. */
final class SharedFolder {
  private SharedFolder() {}

  static Path path() {
    String configured = System.getProperty("stepwise.shared");
    if (configured != null && Files.isDirectory(Path.of(configured))) return Path.of(configured);
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared/conformance"))) return p.resolve("shared");
      if (Files.isDirectory(p.resolveSibling("shared").resolve("conformance")))
        return p.resolveSibling("shared");
    }
    throw new IllegalStateException("cannot find the shared folder (set -Dstepwise.shared=...)");
  }
}
