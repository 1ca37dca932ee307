package io.stepwise.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The wire protocol itself, with raw HTTP: every bad request gets AWS's error shape, never a 500.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class AwsJsonEndpointTest {
  final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(String target, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) b.header("X-Amz-Target", target);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAwsError(HttpResponse<String> r, String type) {
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/x-amz-json-1.0"));
    assertThat(r.body())
        .contains("\"__type\":")
        .contains("#" + type + "\"")
        .contains("\"message\":");
  }

  @Test
  void answersInAwsJsonWithEpochSecondTimestamps() throws Exception {
    HttpResponse<String> r =
        call("AWSStepFunctions.CreateActivity", "{\"name\":\"" + Sfn.unique("wire") + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/x-amz-json-1.0"));
    assertThat(r.body()).matches(".*\"creationDate\":\\d{10}\\.\\d{1,3}.*");
  }

  @Test
  void malformedJsonIsASerializationError() throws Exception {
    assertAwsError(
        call("AWSStepFunctions.ListStateMachines", "{not json"), "SerializationException");
    assertAwsError(call("AWSStepFunctions.ListStateMachines", "[1,2]"), "SerializationException");
    assertAwsError(
        call("AWSStepFunctions.DescribeExecution", "{\"executionArn\":5}"),
        "SerializationException");
  }

  @Test
  void unknownOrMissingActionIsUnknownOperation() throws Exception {
    assertAwsError(call("AWSStepFunctions.Explode", "{}"), "UnknownOperationException");
    assertAwsError(call(null, "{}"), "UnknownOperationException");
  }

  @Test
  void missingMembersAndInvalidArnsAreRefusedWithAwsErrors() throws Exception {
    assertAwsError(call("AWSStepFunctions.DescribeExecution", "{}"), "ValidationException");
    assertAwsError(
        call("AWSStepFunctions.DescribeExecution", "{\"executionArn\":\"arn:nope\"}"),
        "InvalidArn");
    assertAwsError(
        call("AWSStepFunctions.StartExecution", "{\"stateMachineArn\":\"x:y\"}"), "InvalidArn");
    assertAwsError(call("AWSStepFunctions.CreateActivity", "{\"name\":\"a/b\"}"), "InvalidName");
    assertAwsError(
        call("AWSStepFunctions.ListStateMachines", "{\"nextToken\":\"forged\"}"), "InvalidToken");
    assertAwsError(
        call("AWSStepFunctions.ListStateMachines", "{\"maxResults\":5000}"), "ValidationException");
  }

  @Test
  void aNulCharacterInAStringMemberIsRefusedByName() throws Exception {
    HttpResponse<String> r =
        call(
            "AWSStepFunctions.SendTaskFailure",
            "{\"taskToken\":\"some-token\",\"error\":\"E\",\"cause\":\"a\\u0000b\"}");
    assertAwsError(r, "ValidationException");
    assertThat(r.body()).contains("'cause'").contains("U+0000");
  }

  @Test
  void hugePayloadsAreRefusedNotCrashed() throws Exception {
    String big = "\"" + "x".repeat(300 * 1024) + "\"";
    HttpResponse<String> r =
        call(
            "AWSStepFunctions.StartExecution",
            "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:none\",\"input\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(big)
                + "}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("__type");
  }
}
