package io.stepwise.api.security;

import static io.stepwise.api.security.MatrixActions.body;
import static io.stepwise.api.security.MatrixActions.json;
import static io.stepwise.api.security.SsoApiTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.Sfn;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.json.Json;
import java.util.ArrayList;
import java.util.List;

/** One team's resources of every kind, made through the API by the team's people. */
record TeamResources(
    String machine,
    String machineName,
    String definition,
    String version,
    String alias,
    String execution,
    String queuedExecution,
    String token,
    String activity,
    String activityName,
    String mapExecution,
    String mapRun) {

  /**
   * One team's resources: a machine whose executions wait on the team's activity (published as
   * version 1, aliased "live", tagged), an execution whose task the team's worker holds (its token)
   * and one whose task is still queued, and a distributed Map's run.
   */
  static TeamResources create(String editor, String operator, String prefix) throws Exception {
    String activityName = Sfn.unique(prefix + "-activity");
    String activity =
        ok(
                editor,
                "CreateActivity",
                body(
                        "name",
                        activityName,
                        "tags",
                        json("[{\"key\":\"owner\",\"value\":\"" + prefix + "\"}]"))
                    .toString())
            .get("activityArn")
            .asText();
    String definition =
        "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
            + activity
            + "\",\"End\":true}}}";
    String machineName = Sfn.unique(prefix + "-machine");
    JsonNode created =
        ok(
            editor,
            "CreateStateMachine",
            body(
                    "name",
                    machineName,
                    "definition",
                    definition,
                    "roleArn",
                    Sfn.ROLE,
                    "tags",
                    json("[{\"key\":\"owner\",\"value\":\"" + prefix + "\"}]"))
                .put("publish", true)
                .toString());
    String machine = created.get("stateMachineArn").asText();
    String version = created.get("stateMachineVersionArn").asText();
    String alias =
        ok(
                editor,
                "CreateStateMachineAlias",
                body(
                        "name",
                        "live",
                        "description",
                        "the live one",
                        "routingConfiguration",
                        json("[{\"stateMachineVersionArn\":\"" + version + "\",\"weight\":100}]"))
                    .toString())
            .get("stateMachineAliasArn")
            .asText();
    String execution = start(operator, machine, "{}");
    JsonNode task = ok(operator, "GetActivityTask", body("activityArn", activity).toString());
    String token = task.get("taskToken").asText();
    String queued = start(operator, machine, "{}");
    String mapMachine =
        ok(
                editor,
                "CreateStateMachine",
                body(
                        "name",
                        Sfn.unique(prefix + "-map"),
                        "definition",
                        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":1,"
                            + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\","
                            + "\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"W\",\"States\":{\"W\":"
                            + "{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}},\"End\":true}}}",
                        "roleArn",
                        Sfn.ROLE)
                    .toString())
            .get("stateMachineArn")
            .asText();
    String mapExecution = start(operator, mapMachine, "[1,2]");
    String mapRun = null;
    for (int i = 0; i < 200 && mapRun == null; i++) {
      JsonNode runs = ok(operator, "ListMapRuns", body("executionArn", mapExecution).toString());
      if (!runs.get("mapRuns").isEmpty())
        mapRun = runs.get("mapRuns").get(0).get("mapRunArn").asText();
      else Thread.sleep(50);
    }
    assertThat(mapRun).as("a Map Run of " + mapExecution).isNotNull();
    return new TeamResources(
        machine,
        machineName,
        definition,
        version,
        alias,
        execution,
        queued,
        token,
        activity,
        activityName,
        mapExecution,
        mapRun);
  }

  static String start(String operator, String machine, String input) throws Exception {
    return ok(
            operator, "StartExecution", body("stateMachineArn", machine, "input", input).toString())
        .get("executionArn")
        .asText();
  }

  /** Everything of blue's a refused call might have changed, as blue's admin reads it. */
  static ObjectNode snapshot(Database db, TeamResources r) throws Exception {
    ObjectNode s = Json.object();
    JsonNode machine =
        ok("ada", "DescribeStateMachine", body("stateMachineArn", r.machine()).toString());
    s.put("definition", machine.get("definition").asText());
    s.put("revision", machine.get("revisionId").asText());
    s.set(
        "versions",
        ok("ada", "ListStateMachineVersions", body("stateMachineArn", r.machine()).toString())
            .get("stateMachineVersions"));
    s.set(
        "aliases",
        ok("ada", "ListStateMachineAliases", body("stateMachineArn", r.machine()).toString())
            .get("stateMachineAliases"));
    JsonNode alias =
        ok("ada", "DescribeStateMachineAlias", body("stateMachineAliasArn", r.alias()).toString());
    s.put("aliasDescription", alias.path("description").asText(""));
    s.put("aliasUpdated", alias.get("updateDate").asText());
    s.put(
        "executions",
        ok(
                "ada",
                "ListExecutions",
                body("stateMachineArn", r.machine(), "maxResults", 1000).toString())
            .get("executions")
            .size());
    s.put(
        "status",
        ok("ada", "DescribeExecution", body("executionArn", r.execution()).toString())
            .get("status")
            .asText());
    s.put(
        "mapRunConcurrency",
        ok("ada", "DescribeMapRun", body("mapRunArn", r.mapRun()).toString())
            .get("maxConcurrency")
            .asInt());
    s.put(
        "activity",
        ok("ada", "DescribeActivity", body("activityArn", r.activity()).toString())
            .get("name")
            .asText());
    s.set(
        "machineTags",
        ok("ada", "ListTagsForResource", body("resourceArn", r.machine()).toString()).get("tags"));
    s.set(
        "activityTags",
        ok("ada", "ListTagsForResource", body("resourceArn", r.activity()).toString()).get("tags"));
    List<String> tasks = new ArrayList<>();
    for (var row :
        db.query(
            "SELECT execution_arn, state FROM tasks WHERE execution_arn = ANY($1) ORDER BY"
                + " execution_arn",
            (Object) new String[] {r.execution(), r.queuedExecution()})) {
      tasks.add(row.getString("execution_arn") + " " + row.getString("state"));
    }
    s.put("tasks", String.join(", ", tasks));
    return s;
  }
}
