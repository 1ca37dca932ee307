package io.stepwise.api.security;

import static io.stepwise.api.security.SsoApiTest.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.authorization.ResourceTeams;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schedule pages as an attacker tries them (Keycloak's users: alice views team-a, oscar
 * operates it, eve edits it, bob edits and operates team-b, ada is admin): another team's schedules
 * are not listed, shown, changed or run; a viewer changes nothing; an operator enables, disables
 * and runs but does not edit or delete; nobody schedules a machine they may not start (an editor
 * without the operator role, another team's operator); markup in a schedule's description and input
 * is shown as text. Team-a's schedules are made by the admin and given to team-a, as no team-a user
 * both edits and operates.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TeamSchedulePagesTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final String MARKUP = "<script>alert('x')</script>";

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String form(String name, String machine, String description) {
    return "name="
        + enc(name)
        + "&group=default&targetArn="
        + enc(machine)
        + "&expression="
        + enc("cron(0 3 * * ? *)")
        + "&timezone=UTC&state=ENABLED&description="
        + enc(description)
        + "&input="
        + enc("{\"note\":\"" + MARKUP + "\"}");
  }

  @Inject ResourceTeams teams;

  private static String create(String user, String name, String machine) throws Exception {
    HttpResponse<String> r = page(user, "POST", "/schedules", form(name, machine, MARKUP));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return "/schedules/default/" + name;
  }

  /** A schedule of team-a: made by the admin on a team-a machine, then given to team-a. */
  private String teamA(String name, String machine) throws Exception {
    String path = create("ada", name, machine);
    teams.assign(
        "arn:aws:scheduler:us-east-1:123456789012:schedule/default/" + name, "team-a", "ada");
    return path;
  }

  /** The schedule's state badge as its editor sees it. */
  private static String state(String path) throws Exception {
    String body = page("eve", "GET", path, null).body();
    return body.replaceAll("(?s).*id=\"schedule-state\">(\\w+)<.*", "$1");
  }

  private static boolean fired(String path) throws Exception {
    return !page("eve", "GET", path, null).body().contains("id=\"no-fires\"");
  }

  @Test
  void anotherTeamsSchedulesAreInvisibleAndUntouchable() throws Exception {
    String machineA = SsoApiTest.create("eve", Sfn.unique("sched-a"), PASS);
    String machineB = SsoApiTest.create("bob", Sfn.unique("sched-b"), PASS);
    String nameA = Sfn.unique("team-a-nightly");
    String nameB = Sfn.unique("team-b-nightly");
    String a = teamA(nameA, machineA);
    String b = create("bob", nameB, machineB);

    HttpResponse<String> list = page("alice", "GET", "/schedules", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(nameA).doesNotContain(nameB);
    assertThat(page("bob", "GET", "/schedules", null).body()).contains(nameB).doesNotContain(nameA);
    assertThat(page("ada", "GET", "/schedules", null).body()).contains(nameA, nameB);

    HttpResponse<String> other = page("alice", "GET", b, null);
    assertThat(other.statusCode()).isIn(403, 404);
    assertThat(other.body()).doesNotContain(machineB);
    assertThat(
            page("alice", "GET", "/schedules/of-machine?stateMachineArn=" + enc(machineB), null)
                .body())
        .doesNotContain(nameB);

    // bob edits and operates team-b only.
    for (String action : new String[] {"/disable", "/run", "/delete", ""}) {
      HttpResponse<String> r =
          page("bob", "POST", a + action, action.isEmpty() ? form(nameA, machineA, "x") : "");
      assertThat(r.statusCode()).as("bob POST " + action).isIn(403, 404);
    }
    assertThat(state(a)).isEqualTo("ENABLED");
    assertThat(fired(a)).isFalse();

    // Nobody schedules a machine they may not start: bob operates team-b only, eve only edits.
    HttpResponse<String> foreign =
        page("bob", "POST", "/schedules", form(Sfn.unique("foreign"), machineA, "x"));
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("AccessDeniedException", "states:StartExecution");
    HttpResponse<String> editorOnly =
        page("eve", "POST", "/schedules", form(Sfn.unique("foreign"), machineA, "x"));
    assertThat(editorOnly.statusCode()).isEqualTo(400);
    assertThat(editorOnly.body()).contains("AccessDeniedException");
    assertThat(page("ada", "GET", "/schedules", null).body()).doesNotContain("foreign");
  }

  @Test
  void aViewerChangesNothingAndAnOperatorDoesNotEdit() throws Exception {
    String machine = SsoApiTest.create("eve", Sfn.unique("sched-roles"), PASS);
    String name = Sfn.unique("roles");
    String s = teamA(name, machine);

    assertThat(page("alice", "GET", s, null).statusCode()).isEqualTo(200);
    assertThat(page("alice", "GET", s, null).body())
        .doesNotContain("id=\"disable-button\"", "id=\"run-button\"", "id=\"edit-form\"");
    for (String action : new String[] {"/disable", "/run", "/delete"}) {
      assertThat(page("alice", "POST", s + action, "").statusCode())
          .as("alice POST " + action)
          .isEqualTo(403);
    }
    assertThat(page("alice", "POST", s, form(name, machine, "changed")).statusCode())
        .isEqualTo(403);
    assertThat(
            page("alice", "POST", "/schedules", form(Sfn.unique("viewer"), machine, "x"))
                .statusCode())
        .isEqualTo(403);
    assertThat(state(s)).isEqualTo("ENABLED");
    assertThat(fired(s)).isFalse();

    // The operator may disable, enable and run, not edit or delete.
    assertThat(page("oscar", "POST", s + "/disable", "").statusCode()).isEqualTo(303);
    assertThat(state(s)).isEqualTo("DISABLED");
    assertThat(page("oscar", "POST", s + "/run", "").statusCode()).isEqualTo(303);
    assertThat(fired(s)).isTrue();
    assertThat(page("oscar", "POST", s, form(name, machine, "changed")).statusCode())
        .isEqualTo(403);
    assertThat(page("oscar", "POST", s + "/delete", "").statusCode()).isEqualTo(403);
    assertThat(page("eve", "GET", s, null).body()).doesNotContain("changed");

    // What a user typed is escaped wherever it is shown.
    for (String path : new String[] {s, "/schedules"}) {
      assertThat(page("eve", "GET", path, null).body()).doesNotContain(MARKUP);
    }
    assertThat(page("eve", "GET", s, null).body())
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  }
}
