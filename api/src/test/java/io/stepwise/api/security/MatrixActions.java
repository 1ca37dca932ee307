package io.stepwise.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The matrix's rows: every API action that names a resource, the role it needs and its body for one
 * team's resources, and the other team's ARNs put into the members it does not have.
 */
final class MatrixActions {
  private MatrixActions() {}

  /** The member an action would read its resource from, in the old guard's order of looking. */
  static final List<String> ARN_MEMBERS =
      List.of(
          "executionArn",
          "mapRunArn",
          "stateMachineAliasArn",
          "stateMachineVersionArn",
          "stateMachineArn",
          "activityArn",
          "resourceArn");

  /** An action acting on a resource: the role it needs and its body for one team's resources. */
  record Act(String action, String role, Function<TeamResources, ObjectNode> body) {}

  static ObjectNode body(Object... pairs) {
    ObjectNode o = Json.object();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      if (v instanceof String s) o.put((String) pairs[i], s);
      else if (v instanceof JsonNode n) o.set((String) pairs[i], n);
      else if (v instanceof Integer n) o.put((String) pairs[i], n);
    }
    return o;
  }

  static JsonNode json(String text) {
    return Json.parseTrusted(text);
  }

  /**
   * Every action that names a resource, in an order that keeps red's own resources usable: task
   * answers before the execution is stopped, deletions last (only the editor, the last role, gets
   * that far).
   */
  static List<Act> acts() {
    return List.of(
        new Act("DescribeStateMachine", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act("DescribeStateMachine", "viewer", r -> body("stateMachineArn", r.version())),
        new Act("ListStateMachineVersions", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act("ListStateMachineAliases", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act(
            "DescribeStateMachineAlias", "viewer", r -> body("stateMachineAliasArn", r.alias())),
        new Act("ListExecutions", "viewer", r -> body("stateMachineArn", r.machine())),
        new Act("ListExecutions", "viewer", r -> body("mapRunArn", r.mapRun())),
        new Act("DescribeExecution", "viewer", r -> body("executionArn", r.execution())),
        new Act(
            "DescribeStateMachineForExecution", "viewer", r -> body("executionArn", r.execution())),
        new Act("GetExecutionHistory", "viewer", r -> body("executionArn", r.execution())),
        new Act("DescribeMapRun", "viewer", r -> body("mapRunArn", r.mapRun())),
        new Act("ListMapRuns", "viewer", r -> body("executionArn", r.mapExecution())),
        new Act("DescribeActivity", "viewer", r -> body("activityArn", r.activity())),
        new Act("ListTagsForResource", "viewer", r -> body("resourceArn", r.machine())),
        new Act("ListTagsForResource", "viewer", r -> body("resourceArn", r.activity())),
        new Act("StartExecution", "operator", r -> body("stateMachineArn", r.machine())),
        new Act("StartSyncExecution", "operator", r -> body("stateMachineArn", r.machine())),
        new Act("GetActivityTask", "operator", r -> body("activityArn", r.activity())),
        new Act("SendTaskHeartbeat", "operator", r -> body("taskToken", r.token())),
        new Act("SendTaskSuccess", "operator", r -> body("taskToken", r.token(), "output", "{}")),
        new Act(
            "SendTaskFailure", "operator", r -> body("taskToken", r.token(), "error", "Forged")),
        new Act(
            "UpdateMapRun", "operator", r -> body("mapRunArn", r.mapRun(), "maxConcurrency", 7)),
        new Act("StopExecution", "operator", r -> body("executionArn", r.execution())),
        new Act("RedriveExecution", "operator", r -> body("executionArn", r.execution())),
        new Act(
            "CreateStateMachine",
            "editor",
            r -> body("name", r.machineName(), "definition", r.definition(), "roleArn", Sfn.ROLE)),
        new Act("CreateActivity", "editor", r -> body("name", r.activityName())),
        new Act(
            "UpdateStateMachine",
            "editor",
            r -> body("stateMachineArn", r.machine(), "definition", r.definition())),
        new Act("PublishStateMachineVersion", "editor", r -> body("stateMachineArn", r.machine())),
        new Act(
            "CreateStateMachineAlias",
            "editor",
            r ->
                body(
                    "name",
                    "second",
                    "routingConfiguration",
                    json("[{\"stateMachineVersionArn\":\"" + r.version() + "\",\"weight\":100}]"))),
        new Act(
            "UpdateStateMachineAlias",
            "editor",
            r -> body("stateMachineAliasArn", r.alias(), "description", "forged")),
        tagging(TeamResources::machine),
        tagging(TeamResources::activity),
        new Act(
            "UntagResource",
            "editor",
            r -> body("resourceArn", r.machine(), "tagKeys", json("[\"owner\"]"))),
        new Act("DeleteStateMachineAlias", "editor", r -> body("stateMachineAliasArn", r.alias())),
        new Act(
            "DeleteStateMachineVersion",
            "editor",
            r -> body("stateMachineVersionArn", r.version())),
        new Act("DeleteStateMachine", "editor", r -> body("stateMachineArn", r.machine())),
        new Act("DeleteActivity", "editor", r -> body("activityArn", r.activity())));
  }

  /** TagResource on the machine or the activity. */
  static Act tagging(Function<TeamResources, String> resource) {
    return new Act(
        "TagResource",
        "editor",
        r ->
            body(
                "resourceArn",
                resource.apply(r),
                "tags",
                json("[{\"key\":\"forged\",\"value\":\"yes\"}]")));
  }

  /** Actions that name no resource, checked on their own below. */
  static final Set<String> WITHOUT_RESOURCE =
      Set.of("ListStateMachines", "ListActivities", "ValidateStateMachineDefinition", "TestState");

  static boolean grants(String keyRole, String needed) {
    return switch (needed) {
      case "viewer" -> true;
      default -> keyRole.equals(needed);
    };
  }

  /** ARN members an action has besides the one a row of the matrix fills. */
  static final Map<String, Set<String>> OTHER_MEMBERS =
      Map.of("ListExecutions", Set.of("stateMachineArn", "mapRunArn"));

  /** The body with the other team's ARNs in every ARN member the action does not have. */
  static ObjectNode withDecoys(String action, ObjectNode body, TeamResources other) {
    Map<String, String> decoys = new LinkedHashMap<>();
    decoys.put("executionArn", other.execution());
    decoys.put("mapRunArn", other.mapRun());
    decoys.put("stateMachineAliasArn", other.alias());
    decoys.put("stateMachineVersionArn", other.version());
    decoys.put("stateMachineArn", other.machine());
    decoys.put("activityArn", other.activity());
    decoys.put("resourceArn", other.machine());
    Set<String> own = OTHER_MEMBERS.getOrDefault(action, Set.of());
    for (String member : ARN_MEMBERS) {
      if (!body.has(member) && !own.contains(member)) body.put(member, decoys.get(member));
    }
    return body;
  }
}
