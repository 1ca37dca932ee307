package io.stepwise.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A client of the JSON API ({@code /api/v1/...}) as a script would write one: requests signed by
 * the AWS SDK's SigV4 signer (service {@code states}) with an access key, sent by the JDK's HTTP
 * client over HTTP/1.1.
 */
public final class JsonApi {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length");

  private final AwsCredentials key;

  public JsonApi(AwsCredentials key) {
    this.key = key;
  }

  /** An answer: its status, its body as JSON (an empty object for none) and as text. */
  public record Answer(int status, JsonNode json, String text, HttpResponse<String> raw) {}

  public Answer get(String path) {
    return send("GET", path, null);
  }

  public Answer post(String path, String body) {
    return send("POST", path, body);
  }

  public Answer delete(String path) {
    return send("DELETE", path, null);
  }

  public Answer send(String method, String path, String body) {
    Map<String, String> headers =
        body == null ? Map.of() : Map.of("Content-Type", "application/json");
    String payload = body == null ? "" : body;
    return send(
        signed(key, "states", method, Sfn.endpoint().resolve(path), headers, payload, body));
  }

  /**
   * A request signed by the AWS SDK's own SigV4 signer for {@code service} over {@code signedBody},
   * carrying {@code body} (the same, unless a test tampers with it; {@code null} for none): the one
   * way the tests sign a request by hand.
   */
  public static HttpRequest signed(
      AwsCredentialsIdentity key,
      String service,
      String method,
      URI uri,
      Map<String, String> headers,
      String signedBody,
      String body) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(key)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromUtf8String(signedBody))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
            .request();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    signed
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    return b.build();
  }

  /** Sends any request (unsigned ones too) and reads the answer. */
  public static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = r.body().isBlank() ? Json.object() : Json.parse(r.body());
      } catch (Exception notJson) {
        json = Json.object();
      }
      return new Answer(r.statusCode(), json, r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
