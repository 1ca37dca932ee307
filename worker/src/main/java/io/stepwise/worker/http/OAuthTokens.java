package io.stepwise.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.worker.TaskFailure;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens fetched with the OAuth 2.0 client-credentials grant, cached per connection until
 * shortly before they expire, so that concurrent HTTP tasks share one token.
 */
final class OAuthTokens {

  /** Refresh this long before {@code expires_in} runs out, so a token never expires in flight. */
  private static final Duration EARLY_REFRESH = Duration.ofSeconds(30);

  /** Used when the token endpoint does not say how long its token lives. */
  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private record Token(String value, Instant refreshAt) {}

  private final HttpClient http;
  private final ObjectMapper json;
  private final InstantSource clock;
  private final Duration timeout;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  OAuthTokens(HttpClient http, ObjectMapper json, InstantSource clock, Duration timeout) {
    this.http = http;
    this.json = json;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** A valid access token for the connection named {@code name}, fetched when needed. */
  String token(String name, Connection.OAuthClientCredentials connection)
      throws TaskFailure, InterruptedException {
    Token cached = tokens.get(name);
    if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
      return cached.value();
    }
    Token fresh = fetch(name, connection);
    tokens.put(name, fresh);
    return fresh.value();
  }

  private Token fetch(String name, Connection.OAuthClientCredentials connection)
      throws TaskFailure, InterruptedException {
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    if (connection.scope() != null && !connection.scope().isBlank()) {
      form.append("&scope=").append(FormEncoding.encodeComponent(connection.scope()));
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (connection.clientId() + ":" + connection.clientSecret().value())
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(connection.tokenEndpoint())
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("Authorization", "Basic " + basic)
            .method(connection.httpMethod(), HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TaskFailure(
          HttpInvokeHandler.ERROR_CONNECTION_AUTH,
          "The token endpoint of connection '" + name + "' could not be reached: " + e);
    }
    // The body is never put in the cause: on success it holds the token itself.
    if (response.statusCode() / 100 != 2) {
      throw new TaskFailure(
          HttpInvokeHandler.ERROR_CONNECTION_AUTH,
          "The token endpoint of connection '" + name + "' answered HTTP " + response.statusCode());
    }
    try {
      JsonNode body = json.readTree(response.body());
      String accessToken = body.path("access_token").asText("");
      if (accessToken.isEmpty()) {
        throw new IOException("no access_token");
      }
      Duration lifetime =
          body.hasNonNull("expires_in")
              ? Duration.ofSeconds(body.get("expires_in").asLong())
              : DEFAULT_LIFETIME;
      Duration early =
          lifetime.compareTo(EARLY_REFRESH.multipliedBy(2)) > 0
              ? EARLY_REFRESH
              : lifetime.dividedBy(2);
      return new Token(accessToken, clock.instant().plus(lifetime).minus(early));
    } catch (IOException e) {
      throw new TaskFailure(
          HttpInvokeHandler.ERROR_CONNECTION_AUTH,
          "The token endpoint of connection '" + name + "' returned no access_token");
    }
  }
}
