package io.stepwise.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.JsonApi;
import io.stepwise.api.Sfn;
import io.stepwise.api.authentication.AccessKeys;
import io.stepwise.api.caller.Role;
import io.stepwise.api.security.LocalProfile;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Triggers are team-scoped as an attacker on the red team (team-b) would test it, with team keys of
 * each role: blue's (team-a's) trigger does not exist for red (404 to read, rotate or delete,
 * absent from the list), red cannot hang a trigger on blue's machine (403), and blue's trigger
 * still works afterwards; within blue, a viewer sees but cannot change.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TriggerTeamsTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  @Inject AccessKeys keys;

  private AwsBasicCredentials key(String team, Role... roles) {
    AccessKeys.NewKey k =
        keys.create(
            "team", team, EnumSet.of(roles[0], roles), Set.of(team), "trigger test", "admin");
    return AwsBasicCredentials.create(k.key().id(), k.secret());
  }

  private static SfnClient sfn(AwsBasicCredentials key) {
    return SfnClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(key))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Test
  void anotherTeamsTriggerIsInvisibleAndUnchangeable() throws Exception {
    AwsBasicCredentials blueEditorKey = key("team-a", Role.EDITOR, Role.OPERATOR);
    JsonApi blueEditor = new JsonApi(blueEditorKey);
    JsonApi blueViewer = new JsonApi(key("team-a", Role.VIEWER));
    JsonApi redEditor = new JsonApi(key("team-b", Role.EDITOR, Role.OPERATOR));
    String machine = Sfn.createMachine(sfn(blueEditorKey), PASS);

    JsonApi.Answer made =
        blueEditor.post("/api/v1/triggers", "{\"name\":\"blue\",\"target\":\"" + machine + "\"}");
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    JsonNode trigger = made.json();
    String path = "/api/v1/triggers/" + trigger.get("id").asText();

    for (JsonApi.Answer a :
        new JsonApi.Answer[] {
          redEditor.get(path), redEditor.delete(path), redEditor.post(path + "/rotate", "")
        }) {
      assertThat(a.status()).as(a.text()).isEqualTo(404);
      assertThat(a.text()).doesNotContain(machine);
    }
    assertThat(redEditor.get("/api/v1/triggers").text()).doesNotContain(trigger.get("id").asText());
    JsonApi.Answer hung =
        redEditor.post("/api/v1/triggers", "{\"name\":\"red\",\"target\":\"" + machine + "\"}");
    assertThat(hung.status()).as(hung.text()).isEqualTo(403);
    assertThat(hung.json().get("message").asText()).contains("team-a");

    assertThat(blueViewer.get(path).status()).isEqualTo(200);
    assertThat(blueViewer.get("/api/v1/triggers").text()).contains(trigger.get("id").asText());
    assertThat(blueViewer.delete(path).status()).isEqualTo(403);
    assertThat(blueViewer.post(path + "/rotate", "").status()).isEqualTo(403);
    assertThat(
            blueViewer
                .post("/api/v1/triggers", "{\"name\":\"v\",\"target\":\"" + machine + "\"}")
                .status())
        .isEqualTo(403);

    // Blue's secret still starts blue's machine: nothing red or the viewer did changed it.
    JsonApi.Answer call = WebhookTriggerTest.signedCall(trigger, "{}");
    assertThat(call.status()).as(call.text()).isEqualTo(201);
    assertThat(blueEditor.get(path).status()).isEqualTo(200);
  }
}
