package io.stepwise.worker.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnServiceClientConfiguration;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskRequest;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The four calls of a worker (GetActivityTask and SendTaskSuccess, SendTaskFailure,
 * SendTaskHeartbeat) spoken directly in AWS's JSON 1.0 protocol, signed with the SDK's SigV4 signer
 * and sent through the SDK's Apache HTTP client. It leaves out the SDK's generic request pipeline
 * (endpoint rules, interceptors, marshallers, retries, metrics), which cost a worker more CPU per
 * task than the calls themselves; callers see the SDK's own response and exception types, so the
 * worker's code cannot tell the difference. Closing it aborts a long poll in flight. Every other
 * operation of {@link SfnClient} is unsupported.
 */
final class ActivityWireClient implements SfnClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "AWSStepFunctions.";

  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  ActivityWireClient(
      URI endpoint, String region, AwsCredentialsProvider credentials, SdkHttpClient http) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.http = http;
  }

  @Override
  public GetActivityTaskResponse getActivityTask(GetActivityTaskRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("activityArn", request.activityArn());
    if (request.workerName() != null) body.put("workerName", request.workerName());
    JsonNode answer = call("GetActivityTask", body);
    return GetActivityTaskResponse.builder()
        .taskToken(text(answer, "taskToken"))
        .input(text(answer, "input"))
        .build();
  }

  @Override
  public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("taskToken", request.taskToken());
    body.put("output", request.output());
    call("SendTaskSuccess", body);
    return SendTaskSuccessResponse.builder().build();
  }

  @Override
  public SendTaskFailureResponse sendTaskFailure(SendTaskFailureRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("taskToken", request.taskToken());
    if (request.error() != null) body.put("error", request.error());
    if (request.cause() != null) body.put("cause", request.cause());
    call("SendTaskFailure", body);
    return SendTaskFailureResponse.builder().build();
  }

  @Override
  public SendTaskHeartbeatResponse sendTaskHeartbeat(SendTaskHeartbeatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("taskToken", request.taskToken());
    call("SendTaskHeartbeat", body);
    return SendTaskHeartbeatResponse.builder().build();
  }

  private JsonNode call(String action, ObjectNode body) {
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ContentStreamProvider content = ContentStreamProvider.fromByteArrayUnsafe(payload);
    SdkHttpFullRequest unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .encodedPath("/")
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", TARGET_PREFIX + action)
            .putHeader("Content-Length", Integer.toString(payload.length))
            .build();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(unsigned)
                    .payload(content)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    SdkHttpRequest request = signed.request();
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(request)
                      .contentStreamProvider(signed.payload().orElse(content))
                      .build())
              .call();
      byte[] answer;
      try (InputStream in = response.responseBody().orElse(null)) {
        answer = in == null ? new byte[0] : in.readAllBytes();
      }
      SdkHttpResponse head = response.httpResponse();
      JsonNode json = answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
      if (!head.isSuccessful()) throw serviceError(head, json);
      return json;
    } catch (IOException e) {
      throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
    }
  }

  /** The SDK's exception for an AWS error answer, as its JSON protocol unmarshaller builds it. */
  private static SfnException serviceError(SdkHttpResponse head, JsonNode json) {
    String type =
        json.hasNonNull("__type")
            ? json.get("__type").asText()
            : head.firstMatchingHeader("x-amzn-ErrorType").orElse("");
    String code = type.substring(type.lastIndexOf('#') + 1);
    if (code.indexOf(':') >= 0) code = code.substring(0, code.indexOf(':'));
    String message = json.hasNonNull("message") ? json.get("message").asText() : null;
    if (message == null && json.hasNonNull("Message")) message = json.get("Message").asText();
    SfnException.Builder builder =
        switch (code) {
          case "TaskTimedOut" -> TaskTimedOutException.builder();
          case "TaskDoesNotExist" -> TaskDoesNotExistException.builder();
          case "InvalidToken" -> InvalidTokenException.builder();
          case "InvalidOutput" -> InvalidOutputException.builder();
          case "ActivityDoesNotExist" -> ActivityDoesNotExistException.builder();
          case "InvalidArn" -> InvalidArnException.builder();
          default -> SfnException.builder();
        };
    return (SfnException)
        builder
            .message(message)
            .statusCode(head.statusCode())
            .requestId(head.firstMatchingHeader("x-amzn-RequestId").orElse(null))
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code.isEmpty() ? null : code)
                    .errorMessage(message)
                    .serviceName(SERVICE_NAME)
                    .sdkHttpResponse(head)
                    .build())
            .build();
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public SfnServiceClientConfiguration serviceClientConfiguration() {
    throw new UnsupportedOperationException("a worker's client serves the activity calls only");
  }

  @Override
  public void close() {
    http.close();
  }
}
