package io.stepwise.api.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls to the AWS API signed with a team key by the AWS SDK's own SigV4 signer, over plain HTTP,
 * so a test sees exactly what the server answers.
 */
final class TeamCalls {
  private TeamCalls() {}

  /** HTTP/1.1, as the SDKs' clients speak it (the signature covers the Host header). */
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A team key: an access key id and secret acting for the team with one role. */
  record Key(String role, String id, String secret) {}

  /** A call signed with the key by the AWS SDK's own SigV4 signer; the error's name, or "ok". */
  static String call(Key key, String action, ObjectNode body) throws Exception {
    HttpResponse<String> r = raw(key, action, body);
    if (r.statusCode() == 200) return "ok";
    String type = Json.parse(r.body()).path("__type").asText();
    return type.substring(type.indexOf('#') + 1);
  }

  static HttpResponse<String> raw(Key key, String action, ObjectNode body) throws Exception {
    String text = Json.write(body);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(Sfn.endpoint().resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AWSStepFunctions." + action)
            .build();
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(key.id(), key.secret()))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(text))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder http =
        HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host")) http.header(name, values.getFirst());
            });
    return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
  }
}
