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
import io.stepwise.engine.conformance.CaseResult;
import io.stepwise.engine.conformance.CaseRunner;
import io.stepwise.engine.conformance.ConformanceCase;
import io.stepwise.engine.conformance.ConformanceSuite;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The conformance corpus through the server: create → start → answer tasks from the mocks → wait →
 * describe → history, judged by engine-core's {@link CaseRunner#judge} as the in-memory run is:
 * status, output, error, cause, event types and the whole history as GetExecutionHistory sends it
 * over the wire. Every eligible case runs. Not eligible, and counted by reason: cases the in-memory
 * runtime fails (engine matters, listed in engine-core's known-failures), Express cases, cases that
 * would wait in real time (long Waits, retries, timeouts), cases whose mocks must be handed out in
 * iteration order, and cases whose tasks the server performs itself (states:startExecution runs a
 * real nested execution, which the mocks cannot stand for).
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class DurableConformanceTest {
  private static final long CASE_SECONDS = 20;
  private static final int CASES_AT_ONCE = 4;

  @Inject Database db;

  final SfnClient sfn = Sfn.client();
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyEligibleCorpusCaseRunsThroughTheServerAsAwsRecordedIt() throws Exception {
    Path shared = Path.of(System.getProperty("stepwise.shared", "../../shared"));
    Path corpus = shared.resolve("conformance");
    if (!Files.isDirectory(corpus)) corpus = Path.of("../shared/conformance");
    assertThat(corpus).as("the shared conformance corpus (-Dstepwise.shared)").isDirectory();

    Map<String, Integer> skipped = new TreeMap<>();
    List<ConformanceCase> eligible = new ArrayList<>();
    for (ConformanceCase c : ConformanceSuite.load(corpus)) {
      String notEligible = notEligible(c);
      if (notEligible == null && !CaseRunner.run(c).passed()) {
        notEligible = "fails in memory (an engine matter)";
      }
      if (notEligible != null) skipped.merge(notEligible, 1, Integer::sum);
      else eligible.add(c);
    }
    // A case mostly waits for the server's steps and the mocks' answers: a few run side by side.
    List<Future<CaseResult>> running = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(CASES_AT_ONCE)) {
      for (ConformanceCase c : eligible) running.add(pool.submit(() -> runOnServer(c)));
    }
    List<String> failures = new ArrayList<>();
    int ran = 0;
    int historiesCompared = 0;
    for (int i = 0; i < eligible.size(); i++) {
      ConformanceCase c = eligible.get(i);
      CaseResult result = running.get(i).get();
      ran++;
      if (!result.passed()) failures.add(c.id() + ": " + result.reason());
      else if (c.expect().has("history") && result.historyNotCompared() == null) {
        historiesCompared++;
      }
    }
    System.out.printf(
        "durable conformance: %d cases ran (%d with their whole history compared), %d failed;"
            + " not run: %s%n",
        ran, historiesCompared, failures.size(), skipped);
    assertThat(ran).isGreaterThan(900);
    assertThat(historiesCompared).isGreaterThan(450);
    assertThat(failures).isEmpty();
  }

  /** Why the case cannot run through the server as recorded, or null when it can. */
  private static String notEligible(ConformanceCase c) {
    JsonNode expect = c.expect();
    if (expect.has("definitionError") || expect.has("validateStateMachineDefinition")) {
      return "a definition check, not a run";
    }
    if (!expect.has("status") || c.definition() == null || !c.definition().isObject()) {
      return "no run recorded";
    }
    if ("EXPRESS".equals(c.json().path("stateMachineType").asText())) return "Express";
    if (c.flag("mocksOrderSensitive")) return "mocks handed out in iteration order";
    if (Json.write(c.definition()).contains("\"" + NESTED_START)) {
      return "the server runs states:startExecution itself";
    }
    boolean timeoutMocks = Json.write(c.json().path("mocks")).contains("\"Timeout\"");
    if (realTimeSeconds(c.definition(), timeoutMocks) > 3) return "waits in real time";
    return null;
  }

  private static final String NESTED_START = "arn:aws:states:::states:startExecution";

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

  /** Runs the case through the API and judges what the server did. */
  private CaseResult runOnServer(ConformanceCase c) throws Exception {
    String executionArn;
    try {
      String machine = Sfn.createMachine(sfn, Json.write(c.definition()));
      JsonNode input = c.json().has("input") ? c.json().get("input") : Json.object();
      executionArn =
          sfn.startExecution(b -> b.stateMachineArn(machine).input(Json.write(input)))
              .executionArn();
    } catch (RuntimeException e) {
      return failed(c, "refused by the server: " + e.getMessage());
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
        if (System.nanoTime() > deadline)
          return failed(c, "still RUNNING after " + CASE_SECONDS + " s");
        Thread.sleep(20);
      }
    } catch (RuntimeException e) {
      return failed(c, "test error: " + e.getMessage());
    }
    return CaseRunner.judge(
        c,
        new CaseRunner.Outcome(
            d.statusAsString(),
            d.output() == null ? null : Json.parseTrusted(d.output()),
            d.error(),
            d.cause(),
            history(executionArn)));
  }

  private static CaseResult failed(ConformanceCase c, String reason) {
    return new CaseResult(c.id(), c.category(), false, reason, null);
  }

  /** GetExecutionHistory's events as they come over the wire, every page. */
  private List<JsonNode> history(String executionArn) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    String token = null;
    do {
      ObjectNode request = Json.object().put("executionArn", executionArn).put("maxResults", 1000);
      if (token != null) request.put("nextToken", token);
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
                  .header("Content-Type", "application/x-amz-json-1.0")
                  .header("X-Amz-Target", "AWSStepFunctions.GetExecutionHistory")
                  .POST(HttpRequest.BodyPublishers.ofString(Json.write(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = Json.parseTrusted(response.body());
      page.path("events").forEach(events::add);
      token = page.path("nextToken").asText(null);
    } while (token != null);
    return events;
  }
}
