package io.stepwise.api.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.JsonApi;
import io.stepwise.api.Sfn;
import io.stepwise.engine.json.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls to the AWS API signed with a team key by the AWS SDK's own SigV4 signer, over plain HTTP,
 * so a test sees exactly what the server answers.
 */
final class TeamCalls {
  private TeamCalls() {}

  /** A team key: an access key id and secret acting for the team with one role. */
  record Key(String role, String id, String secret) {}

  /** A call signed with the key by the AWS SDK's own SigV4 signer; the error's name, or "ok". */
  static String call(Key key, String action, ObjectNode body) throws Exception {
    HttpResponse<String> r = raw(key, action, body);
    if (r.statusCode() == 200) return "ok";
    String type = Json.parse(r.body()).path("__type").asText();
    return type.substring(type.indexOf('#') + 1);
  }

  static HttpResponse<String> raw(Key key, String action, ObjectNode body) {
    String text = Json.write(body);
    return JsonApi.send(
            JsonApi.signed(
                AwsCredentialsIdentity.create(key.id(), key.secret()),
                "states",
                "POST",
                Sfn.endpoint().resolve("/"),
                Map.of(
                    "Content-Type",
                    "application/x-amz-json-1.0",
                    "X-Amz-Target",
                    "AWSStepFunctions." + action),
                text,
                text))
        .raw();
  }
}
