package io.stepwise.engine.asl.validate;

import static io.stepwise.engine.asl.validate.Asl.errors;
import static io.stepwise.engine.asl.validate.Asl.oneJsonataState;
import static io.stepwise.engine.asl.validate.Asl.oneState;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskRulesTest {

  private static String task(String resource) {
    return oneState("{'Type': 'Task', 'Resource': '" + resource + "', 'End': true}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:lambda:us-east-1:000000000000:function:fn",
        "arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST",
        "arn:aws:states:us-east-1:000000000000:activity:approve",
        "arn:aws:states:::lambda:invoke",
        "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "arn:aws:states:::states:startExecution.sync:2",
        "arn:aws:states:::ecs:runTask.sync",
        "arn:aws:states:::aws-sdk:dynamodb:query",
        "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken",
        "arn:aws:states:::http:invoke",
        "arn:aws:states:::stepwise:approval.waitForTaskToken",
        // A region and account, as CloudFormation's !Sub writes them, or either alone.
        "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
        "arn:aws:states:eu-west-1:123456789012:lambda:invoke.waitForTaskToken",
        "arn:aws:states:us-east-1::states:startExecution.sync:2",
        "arn:aws-cn:states::123456789012:dynamodb:putItem"
      })
  void acceptsRecognisedResources(String resource) {
    assertThat(errors(task(resource))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:states:::dynamodb:query",
        "arn:aws:states:::sns:publish.sync",
        "arn:aws:states:::aws-sdk:s3:getObject.sync",
        "arn:aws:states:::stepwise:approval"
      })
  void rejectsResourcesAwsDoesNotRecognise(String resource) {
    assertThat(errors(task(resource)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The resource provided "
                + resource.replace("arn:aws:", "arn:<partition>:")
                + " is not recognized. The value is not a valid resource ARN, or the resource is"
                + " not available in this region. at /States/S/Resource");
  }

  @Test
  void requiresAResource() {
    assertThat(errors(oneState("{'Type': 'Task', 'End': true}")))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S");
  }

  @Test
  void refusesSyncIntegrationsInExpressMachines() {
    assertThat(errors(task("arn:aws:states:::ecs:runTask.sync"), StateMachineType.EXPRESS))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service"
                + " integration at /States/S/Resource");
  }

  @Test
  void refusesCallbacksAndActivitiesInExpressMachines() {
    assertThat(
            errors(
                task("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
                StateMachineType.EXPRESS))
        .hasSize(1);
    assertThat(
            errors(
                task("arn:aws:states:us-east-1:000000000000:activity:a"), StateMachineType.EXPRESS))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at"
                + " /States/S/Resource");
  }

  @Test
  void requiresPositiveIntegerTimeouts() {
    String state =
        "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'TimeoutSeconds': 0, 'HeartbeatSeconds': 1.5}";
    assertThat(errors(oneState(state)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'TimeoutSeconds' must be a positive"
                + " integer at /States/S/TimeoutSeconds",
            "SCHEMA_VALIDATION_FAILED: The value for the field 'HeartbeatSeconds' must be a"
                + " positive integer at /States/S/HeartbeatSeconds");
  }

  @Test
  void rejectsTimeoutSecondsTogetherWithItsPath() {
    String state =
        "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'TimeoutSeconds': 5, 'TimeoutSecondsPath': '$.t'}";
    assertThat(errors(oneState(state)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: Only one of 'TimeoutSeconds' or 'TimeoutSecondsPath' may be"
                + " set at /States/S");
  }

  @Test
  void acceptsJsonataTimeouts() {
    String state =
        "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'TimeoutSeconds': '{% $states.input.t %}'}";
    assertThat(errors(oneJsonataState(state))).isEmpty();
  }

  @Test
  void requiresRoleArnInCredentials() {
    String state =
        "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'Credentials': {}}";
    assertThat(errors(oneState(state)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing at"
                + " /States/S/Credentials");
  }

  @Test
  void rejectsAParameterPathThatIsNoPath() {
    String state =
        "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'Parameters': {'Payload': {'x.$': 'not a path'}}}";
    assertThat(errors(oneState(state)))
        .containsExactly(
            "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a"
                + " valid intrinsic function call at /States/S/Parameters/Payload");
  }

  @Test
  void acceptsContextPathsAndVariablesInParameters() {
    String state =
        "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true,"
            + " 'Parameters': {'t.$': '$$.Task.Token', 'v.$': '$myVar.field', 'i.$': '$.in[0]'}}";
    assertThat(errors(oneState(state))).isEmpty();
  }
}
