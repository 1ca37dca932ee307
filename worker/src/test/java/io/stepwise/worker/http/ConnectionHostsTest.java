package io.stepwise.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.stepwise.worker.TaskFailure;
import io.stepwise.worker.config.WorkerConfigReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's credentials go only to the hosts its configuration lists, as an editor who wants
 * them would try it: a definition naming the connection with its own ApiEndpoint (another port of
 * the host, plain http where https is listed) or an allowed API that redirects elsewhere. Two local
 * HTTP servers stand for the real API and the attacker's.
 */
class ConnectionHostsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV =
      Map.of(
          "API_TOKEN", "t0ken-secret", "API_KEY", "k3y-secret", "CLIENT_SECRET", "cl1ent-secret");

  /** What a server saw: path and the credentials headers. */
  record Seen(String path, String authorization, String apiKey) {}

  private HttpServer api;
  private HttpServer attacker;
  private final List<Seen> atApi = new CopyOnWriteArrayList<>();
  private final List<Seen> atAttacker = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    attacker = server(atAttacker);
    api = server(atApi);
    api.createContext(
        "/elsewhere",
        exchange -> {
          record(exchange, atApi);
          exchange.getResponseHeaders().add("Location", attackerUrl("/collect"));
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });
    api.createContext(
        "/moved",
        exchange -> {
          record(exchange, atApi);
          exchange.getResponseHeaders().add("Location", "/json");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    api.createContext(
        "/token",
        exchange -> {
          record(exchange, atApi);
          byte[] body =
              "{\"access_token\":\"oauth-access\",\"expires_in\":3600}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.createContext(
        "/token-elsewhere",
        exchange -> {
          record(exchange, atApi);
          exchange.getResponseHeaders().add("Location", attackerUrl("/token"));
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });
  }

  @AfterEach
  void stop() {
    api.stop(0);
    attacker.stop(0);
  }

  private static HttpServer server(List<Seen> seen) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          record(exchange, seen);
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static void record(com.sun.net.httpserver.HttpExchange exchange, List<Seen> seen)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    seen.add(
        new Seen(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("X-Api-Key")));
  }

  private String apiUrl(String path) {
    return "http://127.0.0.1:" + api.getAddress().getPort() + path;
  }

  private String attackerUrl(String path) {
    return "http://127.0.0.1:" + attacker.getAddress().getPort() + path;
  }

  private String apiHost() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  /** The handler as the worker builds it from its configuration file. */
  private static HttpInvokeHandler handler(String connections) throws IOException {
    Path file = Files.createTempFile("worker-config", ".json");
    try {
      Files.writeString(file, "{\"connections\":" + connections + "}");
      var config = new WorkerConfigReader(ENV::get).read("--config", file.toString());
      return new HttpInvokeHandler(config.connections(), "us-east-1");
    } finally {
      Files.delete(file);
    }
  }

  private static JsonNode call(String url, String connection) throws IOException {
    return JSON.readTree(
        "{\"ApiEndpoint\":\""
            + url
            + "\",\"Method\":\"POST\",\"RequestBody\":{\"a\":1},"
            + "\"Authentication\":{\"ConnectionArn\":\"arn:aws:events:us-east-1:123456789012:connection/"
            + connection
            + "/0b1c\"}}");
  }

  private String bearerAndKey() {
    return "{\"crm\":{\"type\":\"BEARER\",\"tokenEnv\":\"API_TOKEN\",\"allowedHosts\":[\""
        + apiHost()
        + "\"]},\"stripe\":{\"type\":\"API_KEY\",\"apiKeyName\":\"X-Api-Key\","
        + "\"apiKeyValueEnv\":\"API_KEY\",\"allowedHosts\":[\""
        + apiHost()
        + "\"]}}";
  }

  @Test
  void credentialsGoToTheListedHost() throws Exception {
    HttpInvokeHandler handler = handler(bearerAndKey());
    handler.handle(call(apiUrl("/json"), "crm"));
    handler.handle(call(apiUrl("/json"), "stripe"));
    assertThat(atApi)
        .containsExactly(
            new Seen("/json", "Bearer t0ken-secret", null), new Seen("/json", null, "k3y-secret"));
  }

  @Test
  void aDefinitionCannotSendThemToAnotherHost() throws Exception {
    HttpInvokeHandler handler = handler(bearerAndKey());
    for (String connection : List.of("crm", "stripe")) {
      assertThatThrownBy(() -> handler.handle(call(attackerUrl("/collect"), connection)))
          .isInstanceOfSatisfying(
              TaskFailure.class,
              f -> {
                assertThat(f.error()).isEqualTo("Worker.ConnectionHostNotAllowed");
                assertThat(f.cause())
                    .contains(connection, attackerUrl("").replace("/", "").replace("http:", ""))
                    .doesNotContain("secret");
              });
    }
    assertThat(atAttacker).isEmpty();
  }

  @Test
  void plainHttpNeedsAnEntryThatSaysHttp() throws Exception {
    // The entry names the host and port without a scheme: https only.
    String hostAndPort = "127.0.0.1:" + api.getAddress().getPort();
    HttpInvokeHandler handler =
        handler(
            "{\"crm\":{\"type\":\"BEARER\",\"tokenEnv\":\"API_TOKEN\",\"allowedHosts\":[\""
                + hostAndPort
                + "\"]}}");
    assertThatThrownBy(() -> handler.handle(call(apiUrl("/json"), "crm")))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            f -> assertThat(f.error()).isEqualTo("Worker.ConnectionHostNotAllowed"));
    assertThat(atApi).isEmpty();
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowedWithTheCredentials() throws Exception {
    HttpInvokeHandler handler = handler(bearerAndKey());
    for (String connection : List.of("crm", "stripe")) {
      assertThatThrownBy(() -> handler.handle(call(apiUrl("/elsewhere"), connection)))
          .isInstanceOfSatisfying(
              TaskFailure.class,
              f -> {
                assertThat(f.error()).isEqualTo("Worker.ConnectionHostNotAllowed");
                assertThat(f.cause()).contains("redirect");
              });
    }
    assertThat(atAttacker).isEmpty();
  }

  @Test
  void aRedirectWithinTheListedHostsKeepsTheCredentials() throws Exception {
    HttpInvokeHandler handler = handler(bearerAndKey());
    JsonNode result = handler.handle(call(apiUrl("/moved"), "crm"));
    assertThat(result.path("StatusCode").asText()).isEqualTo("200");
    assertThat(atApi)
        .containsExactly(
            new Seen("/moved", "Bearer t0ken-secret", null),
            new Seen("/json", "Bearer t0ken-secret", null));
  }

  @Test
  void anOAuthTokenGoesOnlyToTheListedHostsAndTheClientSecretNotAcrossARedirect() throws Exception {
    String oauth =
        "{\"erp\":{\"type\":\"OAUTH_CLIENT_CREDENTIALS\",\"authorizationEndpoint\":\""
            + apiUrl("/token")
            + "\",\"clientId\":\"worker\",\"clientSecretEnv\":\"CLIENT_SECRET\",\"allowedHosts\":[\""
            + apiHost()
            + "\"]},\"moved\":{\"type\":\"OAUTH_CLIENT_CREDENTIALS\",\"authorizationEndpoint\":\""
            + apiUrl("/token-elsewhere")
            + "\",\"clientId\":\"worker\",\"clientSecretEnv\":\"CLIENT_SECRET\",\"allowedHosts\":[\""
            + apiHost()
            + "\"]}}";
    HttpInvokeHandler handler = handler(oauth);
    assertThatThrownBy(() -> handler.handle(call(attackerUrl("/collect"), "erp")))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            f -> assertThat(f.error()).isEqualTo("Worker.ConnectionHostNotAllowed"));
    handler.handle(call(apiUrl("/json"), "erp"));
    assertThat(atApi.getLast()).isEqualTo(new Seen("/json", "Bearer oauth-access", null));

    assertThatThrownBy(() -> handler.handle(call(apiUrl("/json"), "moved")))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            f -> assertThat(f.error()).isEqualTo("Worker.ConnectionAuthorizationFailed"));
    assertThat(atAttacker).isEmpty();
  }

  @Test
  void aConnectionWithoutAllowedHostsOrWithAMalformedEntryIsRefusedAtStart() {
    assertThatThrownBy(() -> handler("{\"crm\":{\"type\":\"BEARER\",\"tokenEnv\":\"API_TOKEN\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("connection 'crm': allowedHosts is required");
    for (String bad :
        List.of(
            "ftp://files.example.com", "https://api.example.com/v1", "*", "a*.example.com", "")) {
      assertThatThrownBy(
              () ->
                  handler(
                      "{\"crm\":{\"type\":\"BEARER\",\"tokenEnv\":\"API_TOKEN\",\"allowedHosts\":[\""
                          + bad
                          + "\"]}}"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("connection 'crm': allowedHosts entry '" + bad + "'");
    }
  }
}
