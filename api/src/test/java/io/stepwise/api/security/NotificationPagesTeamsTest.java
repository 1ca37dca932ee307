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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trigger and subscription pages attacked by people of two teams (Keycloak's users: eve edits
 * team-a, oscar operates it, alice views it, bob edits team-b): another team's trigger list and
 * subscription page are refused (403 by the machine's team, 404 for a subscription, which does not
 * exist for them), and so are their changes; a viewer or an operator changes nothing.
 */
@QuarkusTest
@TestProfile(SsoProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class NotificationPagesTeamsTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final Pattern SUBSCRIPTION = Pattern.compile("href=\"/subscriptions/([^\"#/]+)\"");
  private static final Pattern TRIGGER = Pattern.compile("data-trigger=\"([^\"]+)\"");

  @BeforeEach
  void keycloak() {
    assumeTrue(
        KeycloakServer.url() != null, "Keycloak could not start: " + KeycloakServer.failure());
  }

  private static String form(String... pairs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (b.length() > 0) b.append('&');
      b.append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static String first(Pattern p, String body) {
    Matcher m = p.matcher(body);
    assertThat(m.find()).as("%s in %s", p, body).isTrue();
    return m.group(1);
  }

  @Test
  void anotherTeamsSubscriptionDoesNotExistForThemAndAViewerChangesNothing() throws Exception {
    String name = Sfn.unique("team-a-sub");
    String create =
        form("name", name, "eventPattern", "{}", "targetKind", "email", "emailTo", "a@example.com");
    assertThat(page("alice", "POST", "/subscriptions", create).statusCode()).isEqualTo(403);
    assertThat(page("oscar", "POST", "/subscriptions", create).statusCode()).isEqualTo(403);
    HttpResponse<String> made = page("eve", "POST", "/subscriptions", create);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    String id = first(SUBSCRIPTION, made.body());
    String at = "/subscriptions/" + id;

    assertThat(page("alice", "GET", "/subscriptions", null).body()).contains(name);
    assertThat(page("alice", "GET", at, null).statusCode()).isEqualTo(200);
    assertThat(page("bob", "GET", "/subscriptions", null).body()).doesNotContain(name);
    assertThat(page("bob", "GET", at, null).statusCode()).isEqualTo(404);
    assertThat(page("bob", "POST", at + "/delete", "").statusCode()).isEqualTo(404);
    assertThat(page("bob", "POST", at + "/deliveries/1/replay", "").statusCode()).isEqualTo(404);
    assertThat(page("alice", "POST", at + "/delete", "").statusCode()).isEqualTo(403);
    assertThat(page("ada", "GET", at, null).statusCode()).isEqualTo(200);

    assertThat(page("eve", "POST", at + "/delete", "").statusCode()).isEqualTo(303);
    assertThat(page("eve", "GET", at, null).statusCode()).isEqualTo(404);
  }

  @Test
  void anotherTeamsTriggersAreRefusedAndOnlyAnEditorChangesThem() throws Exception {
    String name = Sfn.unique("team-a-hooked");
    SsoApiTest.create("eve", name, PASS);
    String triggers = "/state-machines/" + name + "/triggers";
    String create = form("triggerName", "deploys");
    assertThat(page("alice", "POST", triggers, create).statusCode()).isEqualTo(403);
    assertThat(page("oscar", "POST", triggers, create).statusCode()).isEqualTo(403);
    assertThat(page("bob", "POST", triggers, create).statusCode()).isEqualTo(403);
    HttpResponse<String> made = page("eve", "POST", triggers, create);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    assertThat(made.body()).contains("id=\"trigger-secret\"");

    HttpResponse<String> listed = page("alice", "GET", triggers, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    String id = first(TRIGGER, listed.body());
    assertThat(listed.body()).doesNotContain("trigger-secret");
    assertThat(page("bob", "GET", triggers, null).statusCode()).isEqualTo(403);
    assertThat(page("bob", "POST", triggers + "/" + id + "/rotate", "").statusCode())
        .isEqualTo(403);
    assertThat(page("bob", "POST", triggers + "/" + id + "/delete", "").statusCode())
        .isEqualTo(403);
    assertThat(page("alice", "POST", triggers + "/" + id + "/rotate", "").statusCode())
        .isEqualTo(403);
    // A trigger of team-a named under bob's own machine is still not bob's.
    String bobs = Sfn.unique("team-b-machine");
    SsoApiTest.create("bob", bobs, PASS);
    assertThat(
            page("bob", "POST", "/state-machines/" + bobs + "/triggers/" + id + "/delete", "")
                .statusCode())
        .isEqualTo(404);
    assertThat(page("alice", "GET", triggers, null).body()).contains("data-trigger=\"" + id);

    assertThat(page("eve", "POST", triggers + "/" + id + "/delete", "").statusCode())
        .isEqualTo(303);
    assertThat(page("alice", "GET", triggers, null).body()).doesNotContain("data-trigger=\"" + id);
  }
}
