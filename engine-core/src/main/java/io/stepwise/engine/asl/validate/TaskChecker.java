package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.asl.StateMachineType;

/**
 * Task states: a recognised Resource whose integration pattern the workflow type supports, timeouts
 * and heartbeats, Credentials, Retry and Catch.
 */
record TaskChecker() implements StateTypeChecks {
  @Override
  public void check(
      JsonNode state, String pointer, QueryLanguage language, Machine machine, Findings findings) {
    boolean jsonata = language == QueryLanguage.JSONATA;
    checkResource(state, pointer, machine, findings);
    FieldRules.integer(state, pointer, "TimeoutSeconds", 1, jsonata, findings);
    FieldRules.integer(state, pointer, "HeartbeatSeconds", 1, jsonata, findings);
    if (!jsonata) {
      FieldRules.exclusive(state, pointer, "TimeoutSeconds", "TimeoutSecondsPath", findings);
      FieldRules.exclusive(state, pointer, "HeartbeatSeconds", "HeartbeatSecondsPath", findings);
      FieldRules.path(state, pointer, "TimeoutSecondsPath", false, findings);
      FieldRules.path(state, pointer, "HeartbeatSecondsPath", false, findings);
    }
    checkCredentials(state, pointer, jsonata, findings);
    ErrorHandlingChecker.check(state, pointer, language, findings);
  }

  private static void checkResource(
      JsonNode state, String pointer, Machine machine, Findings findings) {
    JsonNode resource = state.get("Resource");
    if (resource == null) {
      return;
    }
    String at = pointer + "/Resource";
    if (!resource.isTextual()) {
      findings.schema(at, "The value for the field 'Resource' must be a STRING");
      return;
    }
    Resource arn = SupportedResources.recognise(resource.asText());
    if (arn == null) {
      // validation/invalid_integration: dynamodb:query is an SDK action, not an optimized one.
      findings.schema(
          at,
          "The resource provided "
              + SupportedResources.withoutPartition(resource.asText())
              + " is not recognized. The value is not a valid resource ARN, or the resource is"
              + " not available in this region.");
      return;
    }
    if (machine.type() == StateMachineType.EXPRESS) {
      checkExpressSupports(arn, at, findings);
    }
  }

  /**
   * Express workflows run request-response integrations only. AWS's callback message ends with a
   * space (validate_api/..._express_illegal_wftt, validation/illegal_callbacks_*).
   */
  private static void checkExpressSupports(Resource arn, String at, Findings findings) {
    if (arn.kind() == Resource.Kind.ACTIVITY) {
      findings.schema(at, "Express state machine does not support Activity ARN");
    } else if (arn.pattern() == Resource.Pattern.SYNC || arn.pattern() == Resource.Pattern.SYNC2) {
      findings.schema(at, "Express state machine does not support '.sync' service integration");
    } else if (arn.pattern() == Resource.Pattern.WAIT_FOR_TASK_TOKEN) {
      findings.schema(
          at, "Express state machine does not support '.waitForTaskToken' service integration ");
    }
  }

  /** Credentials must name the role to assume (validation/invalid_credentials_field_*). */
  private static void checkCredentials(
      JsonNode state, String pointer, boolean jsonata, Findings findings) {
    JsonNode credentials = state.get("Credentials");
    if (credentials == null) {
      return;
    }
    String at = pointer + "/Credentials";
    if (!credentials.isObject()) {
      findings.schema(at, "The value for the field 'Credentials' must be an OBJECT");
      return;
    }
    boolean hasRole = credentials.has("RoleArn") || (!jsonata && credentials.has("RoleArn.$"));
    if (!hasRole) {
      findings.schema(at, "The field 'RoleArn' is required but was missing");
    }
    JsonNode role = credentials.get("RoleArn");
    if (role != null && !role.isTextual()) {
      findings.schema(at + "/RoleArn", "The value for the field 'RoleArn' must be a STRING");
    }
    if (!jsonata) {
      PayloadTemplateChecker.check(credentials, at, findings);
    }
  }
}
