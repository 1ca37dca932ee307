package io.stepwise.api.security;

import static io.stepwise.api.security.MatrixActions.WITHOUT_RESOURCE;
import static io.stepwise.api.security.MatrixActions.acts;
import static io.stepwise.api.security.MatrixActions.body;
import static io.stepwise.api.security.MatrixActions.grants;
import static io.stepwise.api.security.MatrixActions.withDecoys;
import static io.stepwise.api.security.TeamCalls.call;
import static io.stepwise.api.security.TeamCalls.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.protocol.ActionFamily;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Team isolation on the AWS API, as an attacker on the red team (team-b) would try it: every API
 * action, signed with red's team keys of each role (viewer, operator, editor), against blue's
 * (team-a's) state machine, version, alias, executions, Map Run, activity, task token and tags,
 * with red's own ARNs in every member the action does not have (the old guard authorized the first
 * ARN-looking member). Every call is refused and nothing of blue's changes; the same calls on red's
 * own resources (with blue's ARNs as the extra members) pass authorization exactly where the role
 * allows them.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class CrossTeamMatrixTest {

  private static final String DENIED = "AccessDeniedException";

  @Inject Instance<ActionFamily> families;
  @Inject Database db;

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  @Test
  void redsKeysReachNothingOfBluesWhateverTheBodyCarriesAndAllOfTheirOwn() throws Exception {
    TeamResources blue = TeamResources.create("eve", "oscar", "blue");
    TeamResources red = TeamResources.create("bob", "bob", "red");
    ObjectNode blueBefore = TeamResources.snapshot(db, blue);
    List<TeamCalls.Key> keys = new ArrayList<>();
    for (String role : List.of("viewer", "operator", "editor")) {
      // bob holds no viewer role of his own to grant: the admin makes team-b's keys.
      JsonNode k = SsoApiTest.newKey("ada", "team:team-b", role);
      keys.add(
          new TeamCalls.Key(
              role, k.get("accessKeyId").asText(), k.get("secretAccessKey").asText()));
    }

    Set<String> covered = new TreeSet<>(WITHOUT_RESOURCE);
    List<String> wrong = new ArrayList<>();
    for (TeamCalls.Key key : keys) {
      for (MatrixActions.Act act : acts()) {
        covered.add(act.action());
        String attack =
            call(key, act.action(), withDecoys(act.action(), act.body().apply(blue), red));
        if (!attack.equals(DENIED)) {
          wrong.add(key.role() + " " + act.action() + " on blue's → " + attack);
        }
        String own = call(key, act.action(), withDecoys(act.action(), act.body().apply(red), blue));
        boolean allowed = !own.equals(DENIED);
        if (allowed != grants(key.role(), act.role())) {
          wrong.add(key.role() + " " + act.action() + " on red's own → " + own);
        }
      }
      // Lists show red's and never blue's, whatever else the body names.
      for (String[] list :
          new String[][] {
            {"ListStateMachines", "stateMachines", "stateMachineArn"},
            {"ListActivities", "activities", "activityArn"}
          }) {
        String listed =
            raw(key, list[0], withDecoys(list[0], body("maxResults", 1000), blue)).body();
        if (listed.contains(blue.machine()) || listed.contains(blue.activity())) {
          wrong.add(key.role() + " " + list[0] + " shows blue's: " + listed);
        }
      }
      if (key.role().equals("viewer")) {
        // Red's own resources are still there for the viewer (the editor deletes them last).
        String machines = raw(key, "ListStateMachines", body("maxResults", 1000)).body();
        if (!machines.contains(red.machine())) wrong.add("viewer misses red's machine");
      }
      String validated =
          call(
              key,
              "ValidateStateMachineDefinition",
              withDecoys(
                  "ValidateStateMachineDefinition", body("definition", blue.definition()), blue));
      if (!validated.equals("ok")) wrong.add(key.role() + " Validate → " + validated);
      String tested =
          call(
              key,
              "TestState",
              withDecoys(
                  "TestState", body("definition", "{\"Type\":\"Pass\",\"End\":true}"), blue));
      if (tested.equals(DENIED) == key.role().equals("editor")) {
        wrong.add(key.role() + " TestState → " + tested);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(TeamResources.snapshot(db, blue)).isEqualTo(blueBefore);

    Set<String> served = new TreeSet<>();
    families.forEach(f -> served.addAll(f.actions().keySet()));
    // DatabaseOutageAnswerTest's test-only operations are beans of this test application too.
    served.removeIf(name -> name.startsWith("Test") && !name.equals("TestState"));
    assertThat(covered).as("every action the API serves is in the matrix").isEqualTo(served);
  }
}
