package io.stepwise.api.security;

import java.util.List;
import java.util.Map;

/**
 * What each AWS Step Functions action needs: its permission, and which body member names the
 * resource it acts on. An action missing here needs {@link Permission#ADMIN}, so a new action is
 * closed until someone decides.
 */
final class ApiActions {
  private ApiActions() {}

  /** The rule for one action. {@code creates} names the kind of resource it creates, if any. */
  record Rule(Permission permission, Creates creates, boolean listsResources) {}

  /** The kinds of resource a Create action makes, which teams then own. */
  enum Creates {
    NOTHING,
    STATE_MACHINE,
    ACTIVITY
  }

  /** Body members that name the resource, most specific first. */
  static final List<String> RESOURCE_MEMBERS =
      List.of(
          "executionArn",
          "mapRunArn",
          "stateMachineAliasArn",
          "stateMachineVersionArn",
          "stateMachineArn",
          "activityArn",
          "resourceArn");

  private static final Map<String, Rule> RULES =
      Map.ofEntries(
          view("DescribeStateMachine"),
          view("DescribeExecution"),
          view("DescribeStateMachineForExecution"),
          view("DescribeActivity"),
          view("DescribeMapRun"),
          view("DescribeStateMachineAlias"),
          view("GetExecutionHistory"),
          view("ListExecutions"),
          view("ListMapRuns"),
          view("ListStateMachineVersions"),
          view("ListStateMachineAliases"),
          view("ListTagsForResource"),
          view("ValidateStateMachineDefinition"),
          Map.entry("ListStateMachines", new Rule(Permission.VIEW, Creates.NOTHING, true)),
          Map.entry("ListActivities", new Rule(Permission.VIEW, Creates.NOTHING, true)),
          operate("StartExecution"),
          operate("StartSyncExecution"),
          operate("StopExecution"),
          operate("RedriveExecution"),
          operate("UpdateMapRun"),
          operate("GetActivityTask"),
          operate("SendTaskSuccess"),
          operate("SendTaskFailure"),
          operate("SendTaskHeartbeat"),
          Map.entry("CreateStateMachine", new Rule(Permission.EDIT, Creates.STATE_MACHINE, false)),
          Map.entry("CreateActivity", new Rule(Permission.EDIT, Creates.ACTIVITY, false)),
          edit("UpdateStateMachine"),
          edit("DeleteStateMachine"),
          edit("DeleteActivity"),
          edit("PublishStateMachineVersion"),
          edit("DeleteStateMachineVersion"),
          edit("CreateStateMachineAlias"),
          edit("UpdateStateMachineAlias"),
          edit("DeleteStateMachineAlias"),
          edit("TagResource"),
          edit("UntagResource"),
          edit("TestState"));

  static Rule rule(String action) {
    return RULES.getOrDefault(action, new Rule(Permission.ADMIN, Creates.NOTHING, false));
  }

  /** All actions with a rule, for tests and the docs. */
  static Map<String, Rule> all() {
    return RULES;
  }

  private static Map.Entry<String, Rule> view(String action) {
    return Map.entry(action, new Rule(Permission.VIEW, Creates.NOTHING, false));
  }

  private static Map.Entry<String, Rule> operate(String action) {
    return Map.entry(action, new Rule(Permission.OPERATE, Creates.NOTHING, false));
  }

  private static Map.Entry<String, Rule> edit(String action) {
    return Map.entry(action, new Rule(Permission.EDIT, Creates.NOTHING, false));
  }
}
