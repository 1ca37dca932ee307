package io.stepwise.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.worker.TaskFailure;
import io.stepwise.worker.TaskHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.logging.Logger;

/**
 * The built-in handler of the HTTP task, {@code arn:aws:states:::http:invoke}: calls an HTTP(S) API
 * with AWS's parameters (ApiEndpoint, Method, Headers, QueryParameters, RequestBody, Transform,
 * Authentication.ConnectionArn) and returns AWS's result shape (StatusCode, StatusText, Headers,
 * ResponseBody), failing with AWS's error names: {@code States.Http.Socket} when no response came
 * back and {@code States.Http.StatusCode.<code>} for a non-2xx answer.
 *
 * <p>Thread-safe: one instance serves every concurrent HTTP task through one JDK {@link
 * HttpClient}.
 */
public final class HttpInvokeHandler implements TaskHandler {

  /** The resource ARN of the HTTP task. */
  public static final String RESOURCE = "arn:aws:states:::http:invoke";

  static final String ERROR_SOCKET = "States.Http.Socket";
  static final String ERROR_STATUS_PREFIX = "States.Http.StatusCode.";
  static final String ERROR_RUNTIME = "States.Runtime";
  static final String ERROR_DATA_LIMIT = "States.DataLimitExceeded";

  /** Stepwise's own: the state names a connection this worker's configuration does not define. */
  static final String ERROR_CONNECTION_NOT_FOUND = "Worker.ConnectionNotFound";

  /** Stepwise's own: an OAuth connection could not obtain an access token. */
  static final String ERROR_CONNECTION_AUTH = "Worker.ConnectionAuthorizationFailed";

  /**
   * Stepwise's own: the endpoint (or a redirect) is not among the hosts the connection's
   * credentials may be sent to.
   */
  static final String ERROR_HOST_NOT_ALLOWED = "Worker.ConnectionHostNotAllowed";

  /** AWS gives an HTTP task 60 seconds, whatever the state's TimeoutSeconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** A response body past this (AWS's 256 KiB payload quota) cannot be a task result anyway. */
  private static final int MAX_RESPONSE_BYTES = 256 * 1024;

  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> CLIENT_MANAGED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static final Logger LOG = Logger.getLogger(HttpInvokeHandler.class.getName());

  private final Map<String, Connection> connections;
  private final String userAgent;
  private final Duration timeout;

  /** Calls without a connection: redirects followed by the JDK client. */
  private final HttpClient http;

  /** Calls that carry a connection's credentials: redirects followed only to allowed hosts. */
  private final ConnectionRedirects credentialed;

  private final ObjectMapper json = new ObjectMapper();
  private final OAuthTokens oauth;

  /**
   * Creates the handler.
   *
   * @param connections connections by name (or by full connection ARN), from the worker's
   *     configuration
   * @param region the region named in the User-Agent header, as AWS sends it
   */
  public HttpInvokeHandler(Map<String, Connection> connections, String region) {
    this(connections, region, DEFAULT_TIMEOUT, InstantSource.system());
  }

  HttpInvokeHandler(
      Map<String, Connection> connections, String region, Duration timeout, InstantSource clock) {
    this.connections = Map.copyOf(connections);
    this.userAgent = "Amazon|StepFunctions|HttpInvoke|" + region;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpClient direct =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.credentialed = new ConnectionRedirects(direct);
    this.oauth = new OAuthTokens(direct, json, clock, timeout);
  }

  @Override
  public String name() {
    return RESOURCE;
  }

  @Override
  public JsonNode handle(JsonNode input) throws TaskFailure {
    try {
      String connectionArn = input == null ? null : connectionArn(input);
      Connection connection = connectionArn == null ? null : connection(connectionArn);
      HttpRequest request = request(input, connectionArn, connection);
      return call(request, connectionArn, connection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskFailure(ERROR_SOCKET, "The HTTP call was interrupted.");
    }
  }

  private HttpRequest request(JsonNode parameters, String connectionArn, Connection connection)
      throws TaskFailure, InterruptedException {
    if (parameters == null || !parameters.isObject()) {
      throw runtime("The HTTP task's parameters must be a JSON object.");
    }
    String method = parameters.path("Method").asText("").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw runtime(
          "Method must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
    }
    URI endpoint = endpoint(parameters.path("ApiEndpoint"), parameters.path("QueryParameters"));
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(timeout);

    boolean contentTypeSet = false;
    JsonNode headers = parameters.path("Headers");
    if (!headers.isMissingNode() && !headers.isNull() && !headers.isObject()) {
      throw runtime("Headers must be a JSON object.");
    }
    for (var header : headers.properties()) {
      String name = header.getKey();
      if (CLIENT_MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        LOG.fine(() -> "http.header.skipped name=" + name);
        continue;
      }
      contentTypeSet |= name.equalsIgnoreCase("Content-Type");
      JsonNode value = header.getValue();
      if (value.isArray()) {
        StringJoiner joined = new StringJoiner(",");
        value.forEach(item -> joined.add(FormEncoding.scalar(item)));
        builder.setHeader(name, joined.toString());
      } else {
        builder.setHeader(name, FormEncoding.scalar(value));
      }
    }
    builder.setHeader("User-Agent", userAgent);

    Body body = body(parameters.path("RequestBody"), parameters.path("Transform"));
    if (body.contentType() != null && !contentTypeSet) {
      builder.setHeader("Content-Type", body.contentType());
    }
    builder.method(method, body.publisher());

    if (connection != null) {
      String name = connectionName(connectionArn);
      if (!connection.hosts().permits(endpoint)) {
        throw hostNotAllowed(name, connection, endpoint, "");
      }
      authenticate(builder, name, connection);
    }
    return builder.build();
  }

  private static URI endpoint(JsonNode apiEndpoint, JsonNode queryParameters) throws TaskFailure {
    if (!apiEndpoint.isTextual()) {
      throw runtime("ApiEndpoint must be a string URL.");
    }
    URI uri;
    try {
      uri = new URI(apiEndpoint.textValue());
    } catch (URISyntaxException e) {
      throw runtime("ApiEndpoint is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw runtime("ApiEndpoint must be an http or https URL.");
    }
    if (queryParameters.isMissingNode() || queryParameters.isNull()) {
      return uri;
    }
    if (!queryParameters.isObject()) {
      throw runtime("QueryParameters must be a JSON object.");
    }
    StringJoiner query = new StringJoiner("&");
    for (var parameter : queryParameters.properties()) {
      String key = queryComponent(parameter.getKey());
      JsonNode value = parameter.getValue();
      if (value.isArray()) {
        value.forEach(item -> query.add(key + "=" + queryComponent(FormEncoding.scalar(item))));
      } else {
        query.add(key + "=" + queryComponent(FormEncoding.scalar(value)));
      }
    }
    String text = uri.toString();
    int fragment = text.indexOf('#');
    String base = fragment < 0 ? text : text.substring(0, fragment);
    String separator = uri.getRawQuery() == null ? "?" : "&";
    return URI.create(base + (query.length() == 0 ? "" : separator + query));
  }

  /** Percent-encodes a query component; a space becomes %20, which every server reads as one. */
  private static String queryComponent(String text) {
    return FormEncoding.encodeComponent(text).replace("+", "%20");
  }

  private record Body(HttpRequest.BodyPublisher publisher, String contentType) {}

  private static Body body(JsonNode requestBody, JsonNode transform) throws TaskFailure {
    if (requestBody.isMissingNode() || requestBody.isNull()) {
      return new Body(HttpRequest.BodyPublishers.noBody(), null);
    }
    String encoding = transform.path("RequestBodyEncoding").asText("NONE");
    if (encoding.equals("URL_ENCODED")) {
      if (!requestBody.isObject()) {
        throw runtime("RequestBodyEncoding URL_ENCODED needs a JSON object RequestBody.");
      }
      FormEncoding format;
      try {
        JsonNode arrayFormat = transform.path("RequestEncodingOptions").path("ArrayFormat");
        format = FormEncoding.parse(arrayFormat.isTextual() ? arrayFormat.textValue() : null);
      } catch (IllegalArgumentException e) {
        throw runtime("ArrayFormat must be one of INDICES, REPEAT, COMMAS, BRACKETS.");
      }
      return new Body(
          HttpRequest.BodyPublishers.ofString(format.encode(requestBody)),
          "application/x-www-form-urlencoded");
    }
    if (!encoding.equals("NONE")) {
      throw runtime("RequestBodyEncoding must be NONE or URL_ENCODED.");
    }
    if (requestBody.isTextual()) {
      return new Body(
          HttpRequest.BodyPublishers.ofString(requestBody.textValue()),
          "text/plain; charset=UTF-8");
    }
    return new Body(
        HttpRequest.BodyPublishers.ofString(requestBody.toString()),
        "application/json; charset=UTF-8");
  }

  private static String connectionArn(JsonNode parameters) {
    for (String field : List.of("Authentication", "InvocationConfig")) {
      JsonNode arn = parameters.path(field).path("ConnectionArn");
      if (arn.isTextual() && !arn.textValue().isBlank()) {
        return arn.textValue();
      }
    }
    return null;
  }

  /** The connection a state names, by its full ARN or by the name inside it. */
  private Connection connection(String connectionArn) throws TaskFailure {
    Connection connection = connections.get(connectionArn);
    if (connection == null) {
      connection = connections.get(connectionName(connectionArn));
    }
    if (connection == null) {
      throw new TaskFailure(
          ERROR_CONNECTION_NOT_FOUND,
          "No connection named '"
              + connectionName(connectionArn)
              + "' is configured on this worker.");
    }
    return connection;
  }

  /**
   * Adds the connection's credentials. They are set after the state's own headers so a definition
   * cannot override them, as with an EventBridge connection.
   */
  private void authenticate(HttpRequest.Builder builder, String name, Connection connection)
      throws TaskFailure, InterruptedException {
    switch (connection) {
      case Connection.Basic basic -> {
        String pair = basic.username() + ":" + basic.password().value();
        builder.setHeader(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case Connection.ApiKey apiKey ->
          builder.setHeader(apiKey.headerName(), apiKey.value().value());
      case Connection.Bearer bearer ->
          builder.setHeader("Authorization", "Bearer " + bearer.token().value());
      case Connection.OAuthClientCredentials client ->
          builder.setHeader("Authorization", "Bearer " + oauth.token(name, client));
    }
  }

  /** The failure of a call whose credentials would have gone to a host the connection omits. */
  static TaskFailure hostNotAllowed(String name, Connection connection, URI target, String how) {
    return new TaskFailure(
        ERROR_HOST_NOT_ALLOWED,
        "Connection '"
            + name
            + "' may not send its credentials to "
            + origin(target)
            + how
            + "; its allowedHosts are: "
            + connection.hosts()
            + ".");
  }

  /**
   * The connection's name: {@code NAME} in {@code
   * arn:aws:events:REGION:ACCOUNT:connection/NAME/ID}, or the value itself when it is not a
   * connection ARN.
   */
  static String connectionName(String connectionArn) {
    int marker = connectionArn.indexOf(":connection/");
    if (marker < 0) {
      return connectionArn;
    }
    String rest = connectionArn.substring(marker + ":connection/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private JsonNode call(HttpRequest request, String connectionArn, Connection connection)
      throws TaskFailure, InterruptedException {
    HttpResponse<InputStream> response;
    byte[] bytes;
    try {
      response =
          connection == null
              ? http.send(request, HttpResponse.BodyHandlers.ofInputStream())
              : credentialed.send(request, connectionName(connectionArn), connection);
      try (InputStream in = response.body()) {
        bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
    } catch (HttpTimeoutException e) {
      throw new TaskFailure(
          ERROR_SOCKET,
          "The HTTP call to "
              + origin(request.uri())
              + " timed out after "
              + timeout.toSeconds()
              + " seconds.");
    } catch (IOException e) {
      throw new TaskFailure(
          ERROR_SOCKET, "The HTTP call to " + origin(request.uri()) + " failed: " + describe(e));
    }
    if (bytes.length > MAX_RESPONSE_BYTES) {
      throw new TaskFailure(
          ERROR_DATA_LIMIT,
          "The HTTP response body exceeds the maximum of " + MAX_RESPONSE_BYTES + " bytes.");
    }
    ObjectNode result = result(response, bytes);
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new TaskFailure(ERROR_STATUS_PREFIX + status, result.toString());
    }
    return result;
  }

  /** AWS's result shape: StatusCode and StatusText as strings, headers as lists of values. */
  private ObjectNode result(HttpResponse<?> response, byte[] bytes) {
    ObjectNode result = json.createObjectNode();
    ObjectNode headers = result.putObject("Headers");
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                ArrayNode list = headers.putArray(name.toLowerCase(Locale.ROOT));
                values.forEach(list::add);
              }
            });
    String text = new String(bytes, StandardCharsets.UTF_8);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    result.set(
        "ResponseBody",
        isJson(contentType) ? parseOrText(text) : json.getNodeFactory().textNode(text));
    result.put("StatusCode", String.valueOf(response.statusCode()));
    result.put("StatusText", StatusText.of(response.statusCode()));
    return result;
  }

  private JsonNode parseOrText(String text) {
    if (text.isBlank()) {
      return json.getNodeFactory().textNode(text);
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(text);
    }
  }

  private static boolean isJson(String contentType) {
    String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json") || media.endsWith("+json");
  }

  /** scheme://host:port of a URL, for messages (never its path or query, which may hold data). */
  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static TaskFailure runtime(String cause) {
    return new TaskFailure(ERROR_RUNTIME, cause);
  }
}
