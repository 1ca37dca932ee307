package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ServicesAndSyncHostTest {
  @Inject StateMachineService machines;
  @Inject ExecutionService executions;
  @Inject TaskTokenService tokens;

  final SfnClient sfn = Sfn.client();

  @Test
  void watchersHearEveryNewEventAndTaskTokensResolveTasks() throws Exception {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("svc"))).activityArn();
    var machine =
        machines.create(
            Sfn.unique("svc"),
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"End\":true}}}",
            StateMachineType.STANDARD);
    assertThat(machines.describe(machine.arn())).isPresent();
    ExecutionSummary started = executions.start(machine.arn(), null, "{\"k\":1}");
    List<HistoryEvent> heard = new CopyOnWriteArrayList<>();
    try (AutoCloseable w = executions.watch(started.executionArn(), heard::addAll)) {
      String token = sfn.getActivityTask(b -> b.activityArn(activity)).taskToken();
      tokens.succeed(token, "{\"ok\":true}");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (heard.stream().noneMatch(e -> e.type() == HistoryEventType.EXECUTION_SUCCEEDED)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThatThrownBy(() -> tokens.succeed(token, "{}"))
          .isInstanceOf(ServiceException.class)
          .extracting(e -> ((ServiceException) e).code())
          .isEqualTo("TaskTimedOut");
    }
    assertThat(heard)
        .extracting(HistoryEvent::type)
        .containsSubsequence(
            HistoryEventType.ACTIVITY_STARTED,
            HistoryEventType.ACTIVITY_SUCCEEDED,
            HistoryEventType.EXECUTION_SUCCEEDED);
    assertThat(executions.describe(started.executionArn()).orElseThrow().output())
        .isEqualTo("{\"ok\":true}");
    assertThat(executions.history(started.executionArn(), 0, 100)).hasSizeGreaterThan(4);
    assertThatThrownBy(() -> tokens.heartbeat("nonsense")).isInstanceOf(ServiceException.class);
  }

  @Test
  void listsArePagedByKeyAndFiltered() {
    var machine =
        machines.create(
            Sfn.unique("list"),
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}",
            StateMachineType.STANDARD);
    for (int i = 0; i < 5; i++) executions.start(machine.arn(), "run-" + i, "{}");
    ExecutionQuery q =
        new ExecutionQuery(machine.arn(), ExecutionStatus.SUCCEEDED, "run-", null, null, 2, null);
    Page<ExecutionSummary> first = executions.list(q);
    assertThat(first.items()).hasSize(2);
    Page<ExecutionSummary> second =
        executions.list(
            new ExecutionQuery(machine.arn(), null, "run-", null, null, 2, first.nextToken()));
    Page<ExecutionSummary> third =
        executions.list(
            new ExecutionQuery(machine.arn(), null, "run-", null, null, 2, second.nextToken()));
    assertThat(first.items().size() + second.items().size() + third.items().size()).isEqualTo(5);
    assertThat(third.nextToken()).isNull();
  }

  /** A client as the SDK ships it: sync- host prefix on, rewritten back by an interceptor. */
  private static SfnClient prefixedClient(AtomicReference<String> hostSeen) {
    return SfnClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(
            c ->
                c.addExecutionInterceptor(
                    new ExecutionInterceptor() {
                      @Override
                      public SdkHttpRequest modifyHttpRequest(
                          Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                        SdkHttpRequest r = context.httpRequest();
                        hostSeen.set(r.host());
                        return r.host().startsWith("sync-")
                            ? r.toBuilder().host(r.host().substring("sync-".length())).build()
                            : r;
                      }
                    }))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void startSyncExecutionAndTestStateWorkThroughTheSyncHostPrefix() {
    AtomicReference<String> host = new AtomicReference<>();
    SfnClient prefixed = prefixedClient(host);
    String express =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":7,\"End\":true}}}",
            software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS);
    StartSyncExecutionResponse r = prefixed.startSyncExecution(b -> b.stateMachineArn(express));
    assertThat(host.get()).isEqualTo("sync-localhost");
    assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo("7");

    TestStateResponse t =
        prefixed.testState(
            b ->
                b.definition(
                        "{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":1,"
                            + "\"Next\":\"Big\"}],\"Default\":\"Small\"}")
                    .roleArn(Sfn.ROLE)
                    .input("{\"n\":5}")
                    .inspectionLevel(InspectionLevel.DEBUG));
    assertThat(t.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
    assertThat(t.nextState()).isEqualTo("Big");
    assertThat(t.inspectionData().input()).isEqualTo("{\"n\":5}");
    TestStateResponse failed =
        prefixed.testState(
            b ->
                b.definition("{\"Type\":\"Fail\",\"Error\":\"Oops\",\"Cause\":\"why\"}")
                    .roleArn(Sfn.ROLE));
    assertThat(failed.status()).isEqualTo(TestExecutionStatus.FAILED);
    assertThat(failed.error()).isEqualTo("Oops");
  }
}
