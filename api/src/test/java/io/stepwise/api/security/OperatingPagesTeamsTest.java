package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.activity.Activities;
import io.stepwise.api.activity.TaskBoard;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.execution.Execution;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.maprun.MapRuns;
import io.stepwise.engine.service.ServiceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * What the Map Run and activities pages call, attacked through the services with callers of two
 * teams (security on, no identity provider needed): a viewer may look at a Map Run and not update
 * it, another team neither sees it nor lists its children, an operator updates it; the activities
 * board shows a team its own activities only; the list across machines never shows Map children.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class OperatingPagesTeamsTest {
  private static final String MAP =
      "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{"
          + "\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
          + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";

  private static final Caller ALICE = caller("alice", Role.VIEWER, "team-a");
  private static final Caller OSCAR = caller("oscar", Role.OPERATOR, "team-a");
  private static final Caller EVE = caller("eve", Role.EDITOR, "team-a");
  private static final Caller BOB =
      new Caller(
          "bob",
          Caller.Kind.OIDC,
          Set.of(Role.EDITOR, Role.OPERATOR),
          Set.of("team-b"),
          "10.0.0.2");

  @Inject MapRuns mapRuns;
  @Inject Executions executions;
  @Inject Activities activities;
  @Inject TaskBoard board;
  @Inject io.stepwise.api.statemachine.Versions versions;
  @Inject ResourceTeams teams;

  private static Caller caller(String name, Role role, String team) {
    return new Caller(name, Caller.Kind.OIDC, Set.of(role), Set.of(team), "10.0.0.1");
  }

  private static void refused(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ServiceException.class)
        .extracting(e -> ((ServiceException) e).code())
        .isEqualTo("AccessDeniedException");
  }

  private List<String> everything(Caller caller) {
    return executions
        .list(caller, new Executions.Filter(null, null, null, null, null, null), false, 1000, null)
        .items()
        .stream()
        .map(Execution::arn)
        .toList();
  }

  @Test
  void aMapRunIsItsMachinesTeamsAndOnlyItsOperatorsUpdateIt() throws Exception {
    String mapRun;
    String parent;
    List<String> children;
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String machine =
          sfn.createStateMachine(
                  b -> b.name(Sfn.unique("team-map")).definition(MAP).roleArn(Sfn.ROLE))
              .stateMachineArn();
      teams.assign(machine, "team-a", "test");
      parent = sfn.startExecution(b -> b.stateMachineArn(machine).input("[1,2,3]")).executionArn();
      assertThat(Sfn.awaitEnd(sfn, parent, Duration.ofSeconds(60)).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      mapRun = sfn.listMapRuns(b -> b.executionArn(parent)).mapRuns().getFirst().mapRunArn();
      String run = mapRun;
      children =
          sfn.listExecutions(b -> b.mapRunArn(run)).executions().stream()
              .map(e -> e.executionArn())
              .toList();
    }
    assertThat(children).hasSize(3);
    String run = mapRun;

    assertThat(mapRuns.describe(ALICE, run).counts()).containsEntry("succeeded", 3L);
    refused(() -> mapRuns.update(ALICE, run, 5, null, null));
    refused(() -> mapRuns.describe(BOB, run));
    refused(() -> mapRuns.update(BOB, run, 5, null, null));
    refused(
        () ->
            executions.list(
                BOB, new Executions.Filter(null, run, null, null, null, null), false, 10, null));
    assertThat(mapRuns.describe(ALICE, run).maxConcurrency()).isZero();

    mapRuns.update(OSCAR, run, 5, null, null);
    assertThat(mapRuns.describe(ALICE, run).maxConcurrency()).isEqualTo(5);

    // Across machines: the parent for its team, never the children, nothing of it for team-b.
    assertThat(everything(ALICE)).contains(parent).doesNotContainAnyElementsOf(children);
    assertThat(everything(BOB)).doesNotContain(parent).doesNotContainAnyElementsOf(children);
    assertThat(
            executions
                .list(
                    ALICE,
                    new Executions.Filter(null, run, null, null, null, null),
                    false,
                    10,
                    null)
                .items())
        .extracting(Execution::arn)
        .containsExactlyInAnyOrderElementsOf(children);
  }

  @Test
  void theActivitiesBoardShowsATeamItsOwnActivitiesOnly() {
    String name = Sfn.unique("team-activity");
    String arn = activities.create(EVE, name, List.of()).activity().arn();
    assertThat(board.resources(ALICE, Duration.ofMinutes(5)))
        .extracting(TaskBoard.Resource::resource)
        .contains(arn);
    assertThat(board.resources(BOB, Duration.ofMinutes(5)))
        .extracting(TaskBoard.Resource::resource)
        .doesNotContain(arn);
  }

  @Test
  void onlyTheMachinesTeamsEditorsPublishAndRouteAliases() throws Exception {
    String machine;
    String alias;
    try (SfnClient sfn = LocalProfile.adminClient()) {
      String m =
          sfn.createStateMachine(
                  b ->
                      b.name(Sfn.unique("team-versions"))
                          .definition(
                              "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")
                          .roleArn(Sfn.ROLE)
                          .publish(true))
              .stateMachineArn();
      machine = m;
      teams.assign(machine, "team-a", "test");
      alias =
          sfn.createStateMachineAlias(
                  b ->
                      b.name("prod")
                          .routingConfiguration(
                              r -> r.stateMachineVersionArn(m + ":1").weight(100)))
              .stateMachineAliasArn();
    }
    String routeToOne = "[{\"stateMachineVersionArn\":\"" + machine + ":1\",\"weight\":100}]";
    var routing = io.stepwise.engine.json.Json.parseTrusted(routeToOne);
    assertThat(versions.listVersions(ALICE, machine, 10, null).items()).hasSize(1);
    refused(() -> versions.publish(ALICE, machine, null, "by a viewer"));
    refused(() -> versions.publish(OSCAR, machine, null, "by an operator"));
    refused(() -> versions.listVersions(BOB, machine, 10, null));
    refused(() -> versions.publish(BOB, machine, null, "by another team"));
    refused(() -> versions.updateAlias(ALICE, alias, null, routing));
    refused(() -> versions.updateAlias(BOB, alias, null, routing));
    assertThat(versions.updateAlias(EVE, alias, "moved by eve", routing).description())
        .isEqualTo("moved by eve");
  }
}
