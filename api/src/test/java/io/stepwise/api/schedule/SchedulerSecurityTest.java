package io.stepwise.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.JsonApi;
import io.stepwise.api.Sfn;
import io.stepwise.api.authentication.AccessKeys;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.security.LocalProfile;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The scheduler API with security on: the AWS CLI ({@code aws scheduler …}, Debian's botocore)
 * signs every operation, the ARN-in-the-path ones included, and the server verifies each; teams
 * schedule only what they may start, see only their own schedules, and a schedule whose target left
 * its owner's team fails at its next fire; a tampered or missing signature is refused.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SchedulerSecurityTest {
  private static final String AWS_CLI = "/usr/bin/aws";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Inject AccessKeys keys;
  @Inject ResourceTeams teams;
  @Inject Schedules schedules;
  @Inject Database db;

  @Test
  void theAwsCliCreatesListsUpdatesDisablesAndDeletesSchedules() throws Exception {
    String machine = adminMachine();
    String group = Sfn.unique("cli");
    String name = Sfn.unique("nightly-report");
    JsonNode created =
        aws("create-schedule-group", "--name", group, "--tags", "Key=owner,Value=reports");
    String groupArn = created.path("ScheduleGroupArn").asText();
    JsonNode schedule =
        aws(
            "create-schedule",
            "--name",
            name,
            "--group-name",
            group,
            "--schedule-expression",
            "cron(0 2 * * ? *)",
            "--schedule-expression-timezone",
            "Europe/Berlin",
            "--flexible-time-window",
            "Mode=OFF",
            "--target",
            "{\"Arn\":\""
                + machine
                + "\",\"RoleArn\":\""
                + Sfn.ROLE
                + "\",\"Input\":\"{\\\"day\\\":\\\"<aws.scheduler.scheduled-time>\\\"}\"}");
    assertThat(schedule.path("ScheduleArn").asText())
        .isEqualTo("arn:aws:scheduler:us-east-1:123456789012:schedule/" + group + "/" + name);

    JsonNode listed = aws("list-schedules", "--group-name", group);
    assertThat(listed.path("Schedules").get(0).path("Name").asText()).isEqualTo(name);
    JsonNode got = aws("get-schedule", "--name", name, "--group-name", group);
    assertThat(got.path("ScheduleExpressionTimezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(got.path("Target").path("Input").asText())
        .isEqualTo("{\"day\":\"<aws.scheduler.scheduled-time>\"}");
    assertThat(got.path("State").asText()).isEqualTo("ENABLED");

    aws(
        "update-schedule",
        "--name",
        name,
        "--group-name",
        group,
        "--state",
        "DISABLED",
        "--schedule-expression",
        "cron(0 3 * * ? *)",
        "--flexible-time-window",
        "Mode=OFF",
        "--target",
        "{\"Arn\":\"" + machine + "\",\"RoleArn\":\"" + Sfn.ROLE + "\"}");
    got = aws("get-schedule", "--name", name, "--group-name", group);
    assertThat(got.path("State").asText()).isEqualTo("DISABLED");
    assertThat(got.path("ScheduleExpression").asText()).isEqualTo("cron(0 3 * * ? *)");

    // The resource ARN travels in the path, encoded, and is signed double-encoded.
    aws("tag-resource", "--resource-arn", groupArn, "--tags", "Key=env,Value=test");
    aws("untag-resource", "--resource-arn", groupArn, "--tag-keys", "owner");
    JsonNode tags = aws("list-tags-for-resource", "--resource-arn", groupArn);
    assertThat(tags.path("Tags").size()).isEqualTo(1);
    assertThat(tags.path("Tags").get(0).path("Key").asText()).isEqualTo("env");

    aws("delete-schedule", "--name", name, "--group-name", group);
    Cli gone = cli("get-schedule", "--name", name, "--group-name", group);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.err())
        .contains("ResourceNotFoundException", "Schedule " + name + " does not exist.");

    Cli bad =
        cli(
            "create-schedule",
            "--name",
            name,
            "--schedule-expression",
            "cron(0 2 * * * *)",
            "--flexible-time-window",
            "Mode=OFF",
            "--target",
            "{\"Arn\":\"" + machine + "\",\"RoleArn\":\"" + Sfn.ROLE + "\"}");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err())
        .contains("ValidationException", "Invalid Schedule Expression cron(0 2 * * * *).");
    aws("delete-schedule-group", "--name", group);
  }

  @Test
  void teamsScheduleOnlyWhatTheyMayStartAndSeeOnlyTheirOwn() throws Exception {
    Key a = key("team-a", Role.EDITOR, Role.OPERATOR);
    Key b = key("team-b", Role.EDITOR, Role.OPERATOR);
    Key aViewer = key("team-a", Role.VIEWER);
    String aMachine = Sfn.createMachine(sfn(a), SchedulerApiTest.PASS);
    String bMachine = Sfn.createMachine(sfn(b), SchedulerApiTest.PASS);
    String name = Sfn.unique("a-nightly");
    String aSchedule =
        scheduler(a)
            .createSchedule(
                s ->
                    s.name(name)
                        .scheduleExpression("cron(0 2 * * ? *)")
                        .flexibleTimeWindow(SchedulerClients.OFF)
                        .target(SchedulerClients.target(aMachine)))
            .scheduleArn();

    // A target ARN of another team.
    denied(
        () ->
            scheduler(a)
                .createSchedule(
                    s ->
                        s.name(Sfn.unique("a-on-b"))
                            .scheduleExpression("cron(0 2 * * ? *)")
                            .flexibleTimeWindow(SchedulerClients.OFF)
                            .target(SchedulerClients.target(bMachine))),
        "is not authorized to perform: states:StartExecution on resource: " + bMachine);
    // Another team's schedule: not readable, changeable or listed.
    denied(() -> scheduler(b).getSchedule(s -> s.name(name)), "scheduler:GetSchedule");
    denied(() -> scheduler(b).deleteSchedule(s -> s.name(name)), "scheduler:DeleteSchedule");
    denied(
        () ->
            scheduler(b)
                .updateSchedule(
                    s ->
                        s.name(name)
                            .scheduleExpression("rate(1 minute)")
                            .flexibleTimeWindow(SchedulerClients.OFF)
                            .target(SchedulerClients.target(bMachine))),
        "scheduler:UpdateSchedule");
    assertThat(scheduler(b).listSchedules(s -> {}).schedules())
        .extracting(ScheduleSummary::arn)
        .doesNotContain(aSchedule);
    assertThat(scheduler(a).listSchedules(s -> {}).schedules())
        .extracting(ScheduleSummary::arn)
        .contains(aSchedule);
    // A viewer of the team may read, not create.
    assertThat(scheduler(aViewer).getSchedule(s -> s.name(name)).arn()).isEqualTo(aSchedule);
    denied(
        () ->
            scheduler(aViewer)
                .createSchedule(
                    s ->
                        s.name(Sfn.unique("viewer"))
                            .scheduleExpression("cron(0 2 * * ? *)")
                            .flexibleTimeWindow(SchedulerClients.OFF)
                            .target(SchedulerClients.target(aMachine))),
        "has no role that allows edit");
    assertThat(scheduler(a).getSchedule(s -> s.name(name)).target().arn()).isEqualTo(aMachine);

    // Checked again at every fire: the target moved to team b, the owner (a's key) may no longer
    // start it, and the fire fails without an execution.
    teams.assign(aMachine, "team-b", "test");
    Instant fire = schedules.runNow(Caller.SYSTEM, aSchedule);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String state = "";
    while (!state.equals("FAILED") && System.nanoTime() < deadline) {
      Thread.sleep(100);
      state = fireColumn(aSchedule, fire, "state");
    }
    assertThat(state).isEqualTo("FAILED");
    assertThat(fireColumn(aSchedule, fire, "error")).isEqualTo("AccessDeniedException");
    assertThat(sfn(b).listExecutions(s -> s.stateMachineArn(aMachine)).executions()).isEmpty();
  }

  @Test
  void aTamperedOrMissingSignatureIsRefused() throws Exception {
    Key a = key("team-a", Role.EDITOR, Role.OPERATOR);
    String path = "/schedule-groups/" + Sfn.unique("signed");
    HttpResponse<String> ok = signed(a, "POST", path, "{}", "{}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    HttpResponse<String> swapped =
        signed(a, "POST", "/schedule-groups/" + Sfn.unique("signed"), "{}", "{\"Tags\":[]}");
    assertThat(swapped.statusCode()).isEqualTo(400);
    assertThat(swapped.body()).contains("signature we calculated does not match");
    HttpResponse<String> unsigned =
        HTTP.send(
            HttpRequest.newBuilder(Sfn.endpoint().resolve("/scheduler-api/schedules"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains("MissingAuthenticationTokenException");
  }

  // ---- helpers

  private record Key(String id, String secret) {}

  private Key key(String team, Role... roles) {
    String id = ("AKIA" + Sfn.unique("K").replace("-", "")).toUpperCase();
    String secret = Sfn.unique("secret");
    keys.put(id, secret, "team", team, EnumSet.of(roles[0], roles), Set.of(team), "test", "test");
    return new Key(id, secret);
  }

  private static SchedulerClient scheduler(Key key) {
    return SchedulerClients.client(key.id(), key.secret());
  }

  private static SfnClient sfn(Key key) {
    return SfnClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static void denied(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SchedulerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.statusCode()).isEqualTo(403);
            })
        .hasMessageContaining(message);
  }

  private String adminMachine() throws Exception {
    try (SfnClient sfn = LocalProfile.adminClient()) {
      return Sfn.createMachine(sfn, SchedulerApiTest.PASS);
    }
  }

  private String fireColumn(String scheduleArn, Instant fireTime, String column) {
    for (var row :
        db.query(
            "SELECT " + column + " FROM schedule_fires WHERE schedule_arn = $1 AND fire_time = $2",
            scheduleArn,
            fireTime)) {
      return row.getString(0);
    }
    return "";
  }

  private record Cli(int exitCode, String out, String err) {}

  /** Runs {@code aws scheduler …} with the admin's credentials file; its output as JSON. */
  private static JsonNode aws(String... args) throws IOException, InterruptedException {
    Cli r = cli(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out().isBlank() ? Json.object() : Json.parseTrusted(r.out());
  }

  private static Cli cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(AWS_CLI, "scheduler"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", Sfn.endpoint().toString(), "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command);
    Path home = Files.createTempDirectory("aws-home");
    pb.environment().put("HOME", home.toString());
    pb.environment()
        .put(
            "AWS_SHARED_CREDENTIALS_FILE",
            Path.of(LocalProfile.DATA, "security", "credentials").toAbsolutePath().toString());
    pb.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
    pb.environment().put("AWS_REGION", "us-east-1");
    pb.environment().put("AWS_PAGER", "");
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().remove("AWS_ACCESS_KEY_ID");
    pb.environment().remove("AWS_SECRET_ACCESS_KEY");
    pb.environment().remove("AWS_PROFILE");
    Path err = home.resolve("stderr");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new Cli(code, out, Files.readString(err));
  }

  /** A raw REST call signed for {@code scheduler} over {@code signedBody}, sending {@code body}. */
  private static HttpResponse<String> signed(
      Key key, String method, String path, String signedBody, String body) {
    return JsonApi.send(
            JsonApi.signed(
                AwsCredentialsIdentity.create(key.id(), key.secret()),
                "scheduler",
                method,
                Sfn.endpoint().resolve(path),
                Map.of("Content-Type", "application/json"),
                signedBody,
                body))
        .raw();
  }
}
