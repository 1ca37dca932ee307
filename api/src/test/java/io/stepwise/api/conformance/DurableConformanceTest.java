package io.stepwise.api.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.conformance.CaseRunner;
import io.stepwise.engine.conformance.ConformanceCase;
import io.stepwise.engine.conformance.ConformanceSuite;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The conformance corpus through the server: create → start → answer tasks from the mocks → wait →
 * describe → history, judged against the AWS recording as engine-core's CaseRunner judges the
 * in-memory run. Cases the in-memory runtime fails are engine matters and are skipped here; so are
 * Express cases and cases that would wait in real time (long Waits, retries, timeouts). A sample
 * runs by default (every {@code stepwise.conformance.every}-th eligible case, 3 unless set; 1 runs
 * them all).
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class DurableConformanceTest {
  private static final long CASE_SECONDS = 20;

  @Inject Database db;

  final SfnClient sfn = Sfn.client();

  @Test
  void sampledCorpusCasesRunThroughTheServerAsAwsRecordedThem() throws Exception {
    Path shared = Path.of(System.getProperty("stepwise.shared", "../../shared"));
    Path corpus = shared.resolve("conformance");
    if (!Files.isDirectory(corpus)) corpus = Path.of("../shared/conformance");
    assertThat(corpus).as("the shared conformance corpus (-Dstepwise.shared)").isDirectory();
    int every = Integer.getInteger("stepwise.conformance.every", 3);

    List<ConformanceCase> eligible = new ArrayList<>();
    for (ConformanceCase c : ConformanceSuite.load(corpus)) {
      if (runsDurably(c)) eligible.add(c);
    }
    List<String> failures = new ArrayList<>();
    int ran = 0;
    int skipped = 0;
    for (int i = 0; i < eligible.size(); i += every) {
      ConformanceCase c = eligible.get(i);
      if (!CaseRunner.run(c).passed()) {
        skipped++;
        continue;
      }
      ran++;
      String failure = runOnServer(c);
      if (failure != null) failures.add(c.id() + ": " + failure);
    }
    System.out.printf(
        "durable conformance: %d cases ran, %d failed, %d skipped (fail in memory), of %d eligible%n",
        ran, failures.size(), skipped, eligible.size());
    assertThat(ran).isGreaterThan(20);
    assertThat(failures).isEmpty();
  }

  /** Standard executions of accepted definitions that finish without waiting in real time. */
  private static boolean runsDurably(ConformanceCase c) {
    JsonNode expect = c.expect();
    if (expect.has("definitionError") || expect.has("validateStateMachineDefinition")) return false;
    if (!expect.has("status") || c.definition() == null || !c.definition().isObject()) return false;
    if (c.flag("mocksOrderSensitive")) return false;
    if ("EXPRESS".equals(c.json().path("stateMachineType").asText())) return false;
    if (c.json().path("sourceDetail").path("test").asText().toLowerCase().contains("express"))
      return false;
    boolean timeoutMocks = Json.write(c.json().path("mocks")).contains("\"Timeout\"");
    return realTimeSeconds(c.definition(), timeoutMocks) <= 3;
  }

  /** A rough bound on the real seconds a definition may wait: Waits, retry back-offs, timeouts. */
  private static double realTimeSeconds(JsonNode node, boolean timeoutMocks) {
    double total = 0;
    if (node.isObject()) {
      if ("Wait".equals(node.path("Type").asText())) {
        total +=
            node.has("Seconds") && node.get("Seconds").isNumber()
                ? node.get("Seconds").asDouble()
                : 1000;
      }
      if (timeoutMocks && (node.has("TimeoutSeconds") || node.has("HeartbeatSeconds"))) {
        total +=
            Math.max(
                node.path("TimeoutSeconds").asDouble(0), node.path("HeartbeatSeconds").asDouble(0));
        if (!node.path("TimeoutSeconds").isNumber() && !node.path("HeartbeatSeconds").isNumber())
          total += 1000;
      }
      for (JsonNode retrier : node.path("Retry")) {
        double interval = retrier.path("IntervalSeconds").asDouble(1);
        double rate = retrier.path("BackoffRate").asDouble(2);
        int attempts = retrier.path("MaxAttempts").asInt(3);
        for (int i = 0; i < Math.min(attempts, 10); i++) total += interval * Math.pow(rate, i);
      }
    }
    for (JsonNode child : node) total += realTimeSeconds(child, timeoutMocks);
    return total;
  }

  /** Runs the case through the API; null when it matches the recording, else what differs. */
  private String runOnServer(ConformanceCase c) {
    JsonNode expect = c.expect();
    String machine;
    String executionArn;
    try {
      machine = Sfn.createMachine(sfn, Json.write(c.definition()));
      JsonNode input = c.json().has("input") ? c.json().get("input") : Json.object();
      executionArn =
          sfn.startExecution(b -> b.stateMachineArn(machine).input(Json.write(input)))
              .executionArn();
    } catch (RuntimeException e) {
      return "refused by the server: " + e.getMessage();
    }
    TaskMocks workers = new TaskMocks(sfn, db, c.json().get("mocks"));
    long deadline = System.nanoTime() + CASE_SECONDS * 1_000_000_000L;
    DescribeExecutionResponse d;
    try {
      while (true) {
        workers.answerOpenTasks(executionArn);
        String arn = executionArn;
        d = sfn.describeExecution(b -> b.executionArn(arn));
        if (d.status() != ExecutionStatus.RUNNING) break;
        if (System.nanoTime() > deadline) return "still RUNNING after " + CASE_SECONDS + " s";
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return "test error: " + e.getMessage();
    }
    String status = expect.path("status").asText();
    if (!status.equals(d.statusAsString())) {
      return "status "
          + d.statusAsString()
          + " ("
          + d.error()
          + ": "
          + d.cause()
          + "), expected "
          + status;
    }
    if (expect.has("output") && "SUCCEEDED".equals(status)) {
      List<String> ignored = new ArrayList<>();
      c.json().path("nondeterministic").forEach(p -> ignored.add(p.asText()));
      JsonNode want = strip(expect.get("output").deepCopy(), ignored);
      JsonNode got = strip(Json.parseTrusted(d.output()), ignored);
      if (!want.equals(got)) return "output " + Json.write(got) + ", expected " + Json.write(want);
    }
    if (expect.hasNonNull("error")
        && !c.flag("nondeterministicError")
        && !expect.get("error").asText().equals(d.error())) {
      return "error " + d.error() + ", expected " + expect.get("error").asText();
    }
    if (expect.has("events")) {
      List<String> want = new ArrayList<>();
      expect.get("events").forEach(e -> want.add(e.asText()));
      List<String> got = new ArrayList<>();
      String token = null;
      do {
        String t = token;
        String arn = executionArn;
        var page = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000).nextToken(t));
        for (HistoryEvent e : page.events()) got.add(e.typeAsString());
        token = page.nextToken();
      } while (token != null);
      if (c.flag("eventsOrderNondeterministic")) {
        Collections.sort(want);
        Collections.sort(got);
      }
      if (!want.equals(got)) return "events " + got + ", expected " + want;
    }
    return null;
  }

  /** Removes the nondeterministic paths ({@code $.a.b} or {@code $.a[0].b}) from a value. */
  private static JsonNode strip(JsonNode value, List<String> paths) {
    for (String path : paths) {
      String[] parts =
          path.replaceFirst("^\\$\\.?", "").replaceAll("\\[(\\d+)]", ".$1").split("\\.");
      JsonNode parent = value;
      for (int i = 0; i < parts.length - 1 && parent != null; i++) {
        parent =
            parent.isArray() && parts[i].matches("\\d+")
                ? parent.get(Integer.parseInt(parts[i]))
                : parent.get(parts[i]);
      }
      String last = parts[parts.length - 1];
      if (parent instanceof ObjectNode o && o.has(last)) o.put(last, "<nondeterministic>");
      else if (parent != null
          && parent.isArray()
          && last.matches("\\d+")
          && parent.size() > Integer.parseInt(last)) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) parent)
            .set(Integer.parseInt(last), Json.text("<nondeterministic>"));
      }
    }
    return value;
  }
}
