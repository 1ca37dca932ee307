package io.stepwise.api.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class VersionAndAliasActionsTest {
  final SfnClient sfn = Sfn.client();

  private static String pass(String value) {
    return "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\""
        + value
        + "\",\"End\":true}}}";
  }

  @Test
  void publishedVersionsKeepTheirDefinitionAndAliasesRouteExecutionsToThem() {
    String machine = Sfn.createMachine(sfn, pass("one"));
    String v1 =
        sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).description("first"))
            .stateMachineVersionArn();
    assertThat(v1).isEqualTo(machine + ":1");
    // Publishing an unchanged machine gives the same version back.
    assertThat(
            sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine))
                .stateMachineVersionArn())
        .isEqualTo(v1);
    String v2 =
        sfn.updateStateMachine(
                b -> b.stateMachineArn(machine).definition(pass("two")).publish(true))
            .stateMachineVersionArn();
    assertThat(v2).isEqualTo(machine + ":2");
    assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
        .extracting(v -> v.stateMachineVersionArn())
        .containsExactly(v2, v1);
    assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(v1)).definition()).contains("one");

    String alias =
        sfn.createStateMachineAlias(
                b ->
                    b.name("prod")
                        .routingConfiguration(
                            RoutingConfigurationListItem.builder()
                                .stateMachineVersionArn(v1)
                                .weight(100)
                                .build()))
            .stateMachineAliasArn();
    assertThat(alias).isEqualTo(machine + ":prod");
    String viaAlias = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
    DescribeExecutionResponse d = Sfn.awaitEnd(sfn, viaAlias, Duration.ofSeconds(10));
    assertThat(d.output()).isEqualTo("\"one\"");
    assertThat(d.stateMachineAliasArn()).isEqualTo(alias);
    assertThat(d.stateMachineVersionArn()).isEqualTo(v1);
    // The history names the version and alias used, as AWS's ExecutionStarted does.
    var started =
        sfn.getExecutionHistory(b -> b.executionArn(viaAlias))
            .events()
            .getFirst()
            .executionStartedEventDetails();
    assertThat(started.stateMachineAliasArn()).isEqualTo(alias);
    assertThat(started.stateMachineVersionArn()).isEqualTo(v1);
    String viaVersion = sfn.startExecution(b -> b.stateMachineArn(v2)).executionArn();
    assertThat(Sfn.awaitEnd(sfn, viaVersion, Duration.ofSeconds(10)).output()).isEqualTo("\"two\"");
    var startedByVersion =
        sfn.getExecutionHistory(b -> b.executionArn(viaVersion))
            .events()
            .getFirst()
            .executionStartedEventDetails();
    assertThat(startedByVersion.stateMachineVersionArn()).isEqualTo(v2);
    assertThat(startedByVersion.stateMachineAliasArn()).isNull();

    sfn.updateStateMachineAlias(
        b ->
            b.stateMachineAliasArn(alias)
                .routingConfiguration(
                    RoutingConfigurationListItem.builder()
                        .stateMachineVersionArn(v1)
                        .weight(0)
                        .build(),
                    RoutingConfigurationListItem.builder()
                        .stateMachineVersionArn(v2)
                        .weight(100)
                        .build()));
    assertThat(
            sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias))
                .routingConfiguration())
        .hasSize(2);
    String routed = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
    assertThat(Sfn.awaitEnd(sfn, routed, Duration.ofSeconds(10)).output()).isEqualTo("\"two\"");
    assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(machine)).stateMachineAliases())
        .hasSize(1);

    assertThatThrownBy(() -> sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(v2)))
        .isInstanceOf(ConflictException.class);
    sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(alias));
    assertThatThrownBy(() -> sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)))
        .isInstanceOf(ResourceNotFoundException.class);
    sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(v2));
    assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
        .hasSize(1);
  }

  @Test
  void aliasWeightsMustAddUpToAHundred() {
    String machine = Sfn.createMachine(sfn, pass("x"));
    String v1 =
        sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn();
    assertThatThrownBy(
            () ->
                sfn.createStateMachineAlias(
                    b ->
                        b.name("half")
                            .routingConfiguration(
                                RoutingConfigurationListItem.builder()
                                    .stateMachineVersionArn(v1)
                                    .weight(50)
                                    .build())))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void versionsAndAliasesArePagedAndPublishesAtOnceOfOneRevisionGiveOneVersion() throws Exception {
    String machine = Sfn.createMachine(sfn, pass("a"));
    List<Callable<String>> publishes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      publishes.add(
          () ->
              sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine))
                  .stateMachineVersionArn());
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (Future<String> published : threads.invokeAll(publishes)) {
        assertThat(published.get()).isEqualTo(machine + ":1");
      }
    } finally {
      threads.shutdown();
    }
    for (String next : List.of("b", "c")) {
      sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(pass(next)).publish(true));
    }
    var first = sfn.listStateMachineVersions(b -> b.stateMachineArn(machine).maxResults(2));
    assertThat(first.stateMachineVersions())
        .extracting(v -> v.stateMachineVersionArn())
        .containsExactly(machine + ":3", machine + ":2");
    var rest =
        sfn.listStateMachineVersions(
            b -> b.stateMachineArn(machine).maxResults(2).nextToken(first.nextToken()));
    assertThat(rest.stateMachineVersions())
        .extracting(v -> v.stateMachineVersionArn())
        .containsExactly(machine + ":1");
    assertThat(rest.nextToken()).isNull();

    for (String name : List.of("gamma", "alpha", "beta")) {
      sfn.createStateMachineAlias(b -> b.name(name).routingConfiguration(to(machine + ":1")));
    }
    // The same alias again is AWS's idempotent create; another routing is a conflict.
    assertThat(
            sfn.createStateMachineAlias(
                    b -> b.name("beta").routingConfiguration(to(machine + ":1")))
                .stateMachineAliasArn())
        .isEqualTo(machine + ":beta");
    assertThatThrownBy(
            () ->
                sfn.createStateMachineAlias(
                    b -> b.name("beta").routingConfiguration(to(machine + ":2"))))
        .isInstanceOf(ConflictException.class);
    var aliases = sfn.listStateMachineAliases(b -> b.stateMachineArn(machine).maxResults(2));
    assertThat(aliases.stateMachineAliases())
        .extracting(a -> a.stateMachineAliasArn())
        .containsExactly(machine + ":alpha", machine + ":beta");
    assertThat(
            sfn.listStateMachineAliases(
                    b -> b.stateMachineArn(machine).maxResults(2).nextToken(aliases.nextToken()))
                .stateMachineAliases())
        .extracting(a -> a.stateMachineAliasArn())
        .containsExactly(machine + ":gamma");
  }

  private static RoutingConfigurationListItem to(String versionArn) {
    return RoutingConfigurationListItem.builder()
        .stateMachineVersionArn(versionArn)
        .weight(100)
        .build();
  }
}
