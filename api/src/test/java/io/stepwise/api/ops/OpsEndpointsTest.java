package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class OpsEndpointsTest {
  final SfnClient sfn = Sfn.client();
  final HttpClient http = HttpClient.newHttpClient();
  @Inject ClusterGauges gauges;

  @Test
  void livenessIsUpWithoutAskingTheDatabase() throws Exception {
    HttpResponse<String> live = get("/q/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(live.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    assertThat(body.path("checks").findValuesAsText("name"))
        .contains("stepwise")
        .doesNotContain("stepwise-database");
  }

  @Test
  void readinessChecksTheMigratedDatabase() throws Exception {
    HttpResponse<String> ready = get("/q/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(ready.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    JsonNode database = null;
    for (JsonNode check : body.path("checks")) {
      if (check.path("name").asText().equals("stepwise-database")) database = check;
    }
    assertThat(database).isNotNull();
    assertThat(database.path("status").asText()).isEqualTo("UP");
    assertThat(database.path("data").path("schemaVersion").asText()).isNotBlank();
  }

  @Test
  void metricsShowQueuedTasksRunningExecutionsAndApiCalls() throws Exception {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("ops-queue"))).activityArn();
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
    waitForQueuedTask();

    String metrics = get("/q/metrics").body();
    assertThat(value(metrics, "stepwise_tasks_queued{state=\"open\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "stepwise_executions_running")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "stepwise_tasks_oldest_open_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(metrics)
        .contains("stepwise_timers_lag_seconds")
        .contains("stepwise_timers_due")
        .contains("stepwise_timers_lateness_seconds_count")
        .contains("stepwise_workers_busy")
        .contains("stepwise_activity_polls")
        .contains("stepwise_state_transitions_total")
        .contains("stepwise_step_duration_seconds_count")
        .contains("stepwise_executions_finished_total{status=\"SUCCEEDED\"}")
        .contains("stepwise_retention_deleted_total");
    assertThat(metrics)
        .containsPattern(
            "stepwise_api_requests_seconds_count\\{action=\"StartExecution\",outcome=\"ok\"\\}");
    sfn.stopExecution(b -> b.executionArn(arn));
  }

  @Test
  void committedStepsCountTransitionsStartsAndEndsOnThisNode() throws Exception {
    String before = get("/q/metrics").body();
    double transitions = value(before, "stepwise_state_transitions_total");
    double started = value(before, "stepwise_executions_started_total");
    double succeeded = value(before, "stepwise_executions_finished_total{status=\"SUCCEEDED\"}");
    double steps = value(before, "stepwise_step_duration_seconds_count");
    String machine =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
                + "\"B\":{\"Type\":\"Pass\",\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(20)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    String after = get("/q/metrics").body();
    assertThat(value(after, "stepwise_state_transitions_total"))
        .isGreaterThanOrEqualTo(transitions + 2);
    assertThat(value(after, "stepwise_executions_started_total"))
        .isGreaterThanOrEqualTo(started + 1);
    assertThat(value(after, "stepwise_executions_finished_total{status=\"SUCCEEDED\"}"))
        .isGreaterThanOrEqualTo(succeeded + 1);
    assertThat(value(after, "stepwise_step_duration_seconds_count"))
        .isGreaterThanOrEqualTo(steps + 1);
  }

  @Test
  void countsExecutionsThatFinishedAnywhereInTheCluster() throws Exception {
    gauges.refresh(); // sets this node's mark if no scheduled read has yet
    String machine =
        Sfn.createMachine(
            sfn, "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
    assertThat(Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(20)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    double before =
        value(
            get("/q/metrics").body(),
            "stepwise_cluster_executions_finished_total{status=\"SUCCEEDED\"}");
    // The count waits until a stop time is SETTLE_SECONDS old, so late commits are not missed.
    Thread.sleep(Duration.ofSeconds(ClusterGauges.SETTLE_SECONDS + 1));
    gauges.refresh();
    double after =
        value(
            get("/q/metrics").body(),
            "stepwise_cluster_executions_finished_total{status=\"SUCCEEDED\"}");
    assertThat(after).isGreaterThanOrEqualTo(before + 1);
  }

  private void waitForQueuedTask() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      gauges.refresh();
      if (gauges.current().openTasks() > 0) return;
      Thread.sleep(100);
    }
    throw new AssertionError("no open task appeared in the metrics");
  }

  /** The value of a Prometheus sample line that starts with {@code series}. */
  private static double value(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(series + " not in the metrics:\n" + exposition);
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = Sfn.endpoint().resolve(path);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
