package io.stepwise.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the shared conformance corpus on the in-memory runtime, one dynamic test per
 * case. Cases listed in {@code conformance/known-failures.txt} must fail (so the list only shrinks:
 * a listed case that passes fails here); every other case must pass.
 */
class ConformanceCorpusTest {
  /** Categories outside the engine-foundation scope (JSONata and variables: their own issue). */
  private static final Set<String> LATER_CATEGORIES = Set.of("jsonata", "variables");

  private static List<ConformanceCase> cases;
  private static Map<String, CaseResult> results;

  private static synchronized Map<String, CaseResult> results() throws IOException {
    if (results == null) {
      cases = ConformanceSuite.load(SharedFolder.path().resolve("conformance"));
      results = new LinkedHashMap<>();
      for (ConformanceCase c : cases) results.put(c.id(), CaseRunner.run(c));
    }
    return results;
  }

  static Map<String, String> knownFailures() throws IOException {
    return listed("/conformance/known-failures.txt");
  }

  /** A list of cases, one a line: {@code <case> | <reason>}; {@code #} starts a comment. */
  private static Map<String, String> listed(String resource) throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    try (InputStream in = ConformanceCorpusTest.class.getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        int bar = line.indexOf('|');
        String id = (bar < 0 ? line : line.substring(0, bar)).trim();
        known.put(id, bar < 0 ? "" : line.substring(bar + 1).trim());
      }
    }
    return known;
  }

  @TestFactory
  Stream<DynamicTest> everyCaseBehavesAsRecorded() throws IOException {
    Map<String, String> known = knownFailures();
    return results().values().stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.id(),
                    () -> {
                      if (known.containsKey(r.id())) {
                        assertThat(r.passed())
                            .as("%s passes now: remove it from known-failures.txt", r.id())
                            .isFalse();
                      } else {
                        assertThat(r.passed()).as("%s: %s", r.id(), r.reason()).isTrue();
                      }
                    }));
  }

  /**
   * A recorded history of another run than the case describes is not compared, and says why: the
   * list of such cases is kept by hand, so a history left uncompared is always a decision.
   */
  @Test
  void exactlyTheListedCasesHaveARecordedHistoryOfAnotherRun() throws IOException {
    Map<String, String> listed = listed("/conformance/history-not-comparable.txt");
    Map<String, String> found = new LinkedHashMap<>();
    for (CaseResult r : results().values()) {
      if (r.historyNotCompared() != null) found.put(r.id(), r.historyNotCompared());
    }
    found.forEach((id, why) -> System.out.println("history not compared: " + id + ": " + why));
    assertThat(found).isEqualTo(listed);
  }

  @Test
  void everyKnownFailureNamesAnExistingCase() throws IOException {
    assertThat(results().keySet()).containsAll(knownFailures().keySet());
  }

  @Test
  void atLeast97PercentOfTheFoundationScopePasses() throws IOException {
    long inScope =
        results().values().stream().filter(r -> !LATER_CATEGORIES.contains(r.category())).count();
    long passed =
        results().values().stream()
            .filter(r -> !LATER_CATEGORIES.contains(r.category()) && r.passed())
            .count();
    assertThat(passed * 100.0 / inScope)
        .as("%d of %d in-scope cases pass", passed, inScope)
        .isGreaterThanOrEqualTo(97.0);
  }
}
