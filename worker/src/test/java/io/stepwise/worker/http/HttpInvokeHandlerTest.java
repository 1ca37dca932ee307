package io.stepwise.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stepwise.worker.TaskFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpInvokeHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the local API saw of one request. */
  record Seen(String method, URI uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private HttpServer server;
  private String base;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/json",
        exchange -> answer(exchange, 200, "application/json", "{\"id\":42,\"tags\":[\"a\"]}"));
    server.createContext("/text", exchange -> answer(exchange, 200, "text/plain", "hello"));
    server.createContext(
        "/missing",
        exchange -> answer(exchange, 404, "application/json", "{\"message\":\"no such thing\"}"));
    server.createContext("/echo", exchange -> answer(exchange, 201, "application/json", "{}"));
    server.createContext(
        "/token",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          String expected =
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString("client-1:s3cret".getBytes(StandardCharsets.UTF_8));
          if (!expected.equals(auth)) {
            answer(exchange, 401, "application/json", "{}");
            return;
          }
          answer(
              exchange,
              200,
              "application/json",
              "{\"access_token\":\"tok-" + seen.size() + "\",\"expires_in\":3600}");
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopApi() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    String requestBody =
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(
        new Seen(
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            Map.copyOf(exchange.getRequestHeaders()),
            requestBody));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.getResponseHeaders().add("X-Trace", "t-1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static HttpInvokeHandler handler(Map<String, Connection> connections) {
    return new HttpInvokeHandler(
        connections, "us-east-1", Duration.ofSeconds(5), InstantSource.system());
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void getReturnsAwsResultShapeWithParsedJsonBody() throws Exception {
    JsonNode result =
        handler(Map.of())
            .handle(json("{\"ApiEndpoint\":\"" + base + "/json\",\"Method\":\"GET\"}"));

    assertThat(result.get("StatusCode").asText()).isEqualTo("200");
    assertThat(result.get("StatusText").asText()).isEqualTo("OK");
    assertThat(result.get("ResponseBody")).isEqualTo(json("{\"id\":42,\"tags\":[\"a\"]}"));
    assertThat(result.get("Headers").get("x-trace")).isEqualTo(json("[\"t-1\"]"));
    assertThat(seen.getFirst().header("User-Agent"))
        .isEqualTo("Amazon|StepFunctions|HttpInvoke|us-east-1");
  }

  @Test
  void nonJsonBodyStaysAString() throws Exception {
    JsonNode result =
        handler(Map.of())
            .handle(json("{\"ApiEndpoint\":\"" + base + "/text\",\"Method\":\"GET\"}"));

    assertThat(result.get("ResponseBody").isTextual()).isTrue();
    assertThat(result.get("ResponseBody").asText()).isEqualTo("hello");
  }

  @Test
  void queryParametersAreAppendedToTheEndpointQuery() throws Exception {
    handler(Map.of())
        .handle(
            json(
                "{\"ApiEndpoint\":\""
                    + base
                    + "/json?page=2\",\"Method\":\"GET\","
                    + "\"QueryParameters\":{\"q\":\"a b&c\",\"n\":3,\"ids\":[\"x\",\"y\"]}}"));

    assertThat(seen.getFirst().uri().getQuery()).isEqualTo("page=2&q=a b&c&n=3&ids=x&ids=y");
    assertThat(seen.getFirst().uri().getRawQuery()).isEqualTo("page=2&q=a%20b%26c&n=3&ids=x&ids=y");
  }

  @Test
  void headersAndJsonBodyAreSent() throws Exception {
    JsonNode result =
        handler(Map.of())
            .handle(
                json(
                    "{\"ApiEndpoint\":\""
                        + base
                        + "/echo\",\"Method\":\"POST\","
                        + "\"Headers\":{\"X-Team\":\"ops\",\"Accept\":[\"application/json\",\"text/plain\"]},"
                        + "\"RequestBody\":{\"name\":\"Ada\",\"n\":[1,2]}}"));

    Seen request = seen.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("X-Team")).isEqualTo("ops");
    assertThat(request.header("Accept")).isEqualTo("application/json,text/plain");
    assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
    assertThat(json(request.body())).isEqualTo(json("{\"name\":\"Ada\",\"n\":[1,2]}"));
    assertThat(result.get("StatusCode").asText()).isEqualTo("201");
    assertThat(result.get("StatusText").asText()).isEqualTo("Created");
  }

  @Test
  void urlEncodedBodyFollowsTheArrayFormat() throws Exception {
    String parameters =
        "{\"ApiEndpoint\":\"%s/echo\",\"Method\":\"POST\",\"RequestBody\":{\"a\":[\"x\",\"y\"],\"o\":{\"k\":\"v w\"}},"
            + "\"Transform\":{\"RequestBodyEncoding\":\"URL_ENCODED\"%s}}";
    HttpInvokeHandler handler = handler(Map.of());
    handler.handle(json(parameters.formatted(base, "")));
    handler.handle(
        json(
            parameters.formatted(
                base, ",\"RequestEncodingOptions\":{\"ArrayFormat\":\"REPEAT\"}")));
    handler.handle(
        json(
            parameters.formatted(
                base, ",\"RequestEncodingOptions\":{\"ArrayFormat\":\"COMMAS\"}")));
    handler.handle(
        json(
            parameters.formatted(
                base, ",\"RequestEncodingOptions\":{\"ArrayFormat\":\"BRACKETS\"}")));

    assertThat(seen.getFirst().header("Content-Type"))
        .isEqualTo("application/x-www-form-urlencoded");
    assertThat(seen.stream().map(s -> java.net.URLDecoder.decode(s.body(), StandardCharsets.UTF_8)))
        .containsExactly(
            "a[0]=x&a[1]=y&o[k]=v w", "a=x&a=y&o[k]=v w", "a=x,y&o[k]=v w", "a[]=x&a[]=y&o[k]=v w");
  }

  @Test
  void nonSuccessStatusFailsWithTheStatusCodeErrorAndTheResponseAsCause() throws Exception {
    assertThatThrownBy(
            () ->
                handler(Map.of())
                    .handle(json("{\"ApiEndpoint\":\"" + base + "/missing\",\"Method\":\"GET\"}")))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            failure -> {
              assertThat(failure.error()).isEqualTo("States.Http.StatusCode.404");
              JsonNode cause = readQuietly(failure.cause());
              assertThat(cause.get("StatusCode").asText()).isEqualTo("404");
              assertThat(cause.get("ResponseBody").get("message").asText())
                  .isEqualTo("no such thing");
            });
  }

  @Test
  void refusedConnectionFailsWithSocketError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                handler(Map.of())
                    .handle(
                        json(
                            "{\"ApiEndpoint\":\"http://127.0.0.1:"
                                + closedPort
                                + "/x\",\"Method\":\"GET\"}")))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            failure -> assertThat(failure.error()).isEqualTo("States.Http.Socket"));
  }

  @Test
  void badParametersFailWithStatesRuntime() {
    assertThatThrownBy(
            () ->
                handler(Map.of())
                    .handle(json("{\"ApiEndpoint\":\"ftp://x/y\",\"Method\":\"GET\"}")))
        .isInstanceOfSatisfying(
            TaskFailure.class, failure -> assertThat(failure.error()).isEqualTo("States.Runtime"));
    assertThatThrownBy(
            () ->
                handler(Map.of())
                    .handle(json("{\"ApiEndpoint\":\"" + base + "\",\"Method\":\"TRACE\"}")))
        .isInstanceOfSatisfying(
            TaskFailure.class, failure -> assertThat(failure.error()).isEqualTo("States.Runtime"));
  }

  /** The local API, as a connection's allowedHosts names it. */
  private AllowedHosts local() {
    return AllowedHosts.of(List.of(base));
  }

  private static String connectionCall(String base, String arn) {
    return "{\"ApiEndpoint\":\""
        + base
        + "/json\",\"Method\":\"GET\",\"Headers\":{\"Authorization\":\"from-definition\"},"
        + "\"Authentication\":{\"ConnectionArn\":\""
        + arn
        + "\"}}";
  }

  @Test
  void basicConnectionNamedByItsArnAuthenticates() throws Exception {
    var handler =
        handler(Map.of("billing", new Connection.Basic("svc", new Secret("pw"), local())));

    handler.handle(
        json(
            connectionCall(
                base, "arn:aws:events:us-east-1:123456789012:connection/billing/1f2e-33")));

    String expected =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString("svc:pw".getBytes(StandardCharsets.UTF_8));
    assertThat(seen.getFirst().header("Authorization")).isEqualTo(expected);
  }

  @Test
  void apiKeyAndBearerConnectionsSetTheirHeaders() throws Exception {
    var handler =
        handler(
            Map.of(
                "stripe", new Connection.ApiKey("X-Api-Key", new Secret("k-1"), local()),
                "crm", new Connection.Bearer(new Secret("b-1"), local())));

    handler.handle(json(connectionCall(base, "stripe")));
    handler.handle(json(connectionCall(base, "arn:aws:events:eu-west-1:1:connection/crm/abc")));

    assertThat(seen.get(0).header("X-Api-Key")).isEqualTo("k-1");
    assertThat(seen.get(1).header("Authorization")).isEqualTo("Bearer b-1");
  }

  @Test
  void oauthClientCredentialsFetchesATokenOnceAndReusesIt() throws Exception {
    AtomicInteger tokenCalls = new AtomicInteger();
    server.createContext(
        "/count",
        exchange -> {
          tokenCalls.incrementAndGet();
          answer(exchange, 200, "application/json", "{}");
        });
    var connection =
        new Connection.OAuthClientCredentials(
            URI.create(base + "/token"), "POST", "client-1", new Secret("s3cret"), "read", local());
    var handler =
        new HttpInvokeHandler(
            Map.of("erp", connection), "us-east-1", Duration.ofSeconds(5), () -> Instant.EPOCH);

    handler.handle(json(connectionCall(base, "erp")));
    handler.handle(json(connectionCall(base, "erp")));

    List<Seen> tokenRequests =
        seen.stream().filter(s -> s.uri().getPath().equals("/token")).toList();
    assertThat(tokenRequests).hasSize(1);
    assertThat(tokenRequests.getFirst().body())
        .isEqualTo("grant_type=client_credentials&scope=read");
    List<Seen> apiRequests = seen.stream().filter(s -> s.uri().getPath().equals("/json")).toList();
    assertThat(apiRequests)
        .extracting(s -> s.header("Authorization"))
        .containsExactly("Bearer tok-0", "Bearer tok-0");
  }

  @Test
  void oauthTokenEndpointRefusalFailsWithoutLeakingTheSecret() {
    var connection =
        new Connection.OAuthClientCredentials(
            URI.create(base + "/token"), "POST", "client-1", new Secret("wrong"), null, local());
    var handler = handler(Map.of("erp", connection));

    assertThatThrownBy(() -> handler.handle(json(connectionCall(base, "erp"))))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            failure -> {
              assertThat(failure.error()).isEqualTo("Worker.ConnectionAuthorizationFailed");
              assertThat(failure.cause()).doesNotContain("wrong");
            });
  }

  @Test
  void unknownConnectionFails() {
    assertThatThrownBy(() -> handler(Map.of()).handle(json(connectionCall(base, "nope"))))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            failure -> assertThat(failure.error()).isEqualTo("Worker.ConnectionNotFound"));
    assertThat(seen).isEmpty();
  }

  @Test
  void secretsDoNotShowInToString() {
    assertThat(new Connection.Basic("svc", new Secret("pw-123"), local()).toString())
        .doesNotContain("pw-123");
    assertThat(new Connection.Bearer(new Secret("tok-123"), local()).toString())
        .doesNotContain("tok-123");
  }

  private static JsonNode readQuietly(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
