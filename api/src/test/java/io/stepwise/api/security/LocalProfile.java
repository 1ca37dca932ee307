package io.stepwise.api.security;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Security on in local mode (no identity provider), with a fresh data folder so the admin password
 * and access key are generated; the start-up output is kept for the test to read the password.
 */
public class LocalProfile implements QuarkusTestProfile {
  public static final String DATA = "target/security-local-data";
  static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FreshData.class));
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "stepwise.security.enabled", "true",
        "stepwise.data", DATA,
        "quarkus.oidc.tenant-enabled", "false");
  }

  /** The start-up output so far. */
  static String output() {
    synchronized (OUTPUT) {
      return OUTPUT.toString(StandardCharsets.UTF_8);
    }
  }

  /** Empties the data folder and copies standard output into {@link #OUTPUT} from now on. */
  public static class FreshData implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      Path dir = Path.of(DATA);
      try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PrintStream original = System.out;
      System.setOut(
          new PrintStream(
              new OutputStream() {
                @Override
                public void write(int b) {
                  original.write(b);
                  synchronized (OUTPUT) {
                    OUTPUT.write(b);
                  }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                  original.write(b, off, len);
                  synchronized (OUTPUT) {
                    OUTPUT.write(b, off, len);
                  }
                }
              },
              true,
              StandardCharsets.UTF_8));
      return Map.of();
    }

    @Override
    public void stop() {
      // The copy of standard output stays: later test classes only add to it.
    }
  }
}
