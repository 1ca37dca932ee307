package io.stepwise.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.worker.http.AllowedHosts;
import io.stepwise.worker.http.Connection;
import io.stepwise.worker.http.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link WorkerConfig} from the command line, the environment and an optional JSON
 * configuration file. Precedence: command line, then environment, then file, then defaults. Secrets
 * are never in the file: it names the environment variables that hold them.
 */
public final class WorkerConfigReader {
  /**
   * Task handlers mostly wait (HTTP calls, other services), and every slot also waits out its
   * task's round trip to the server: one slot per core would leave the cores idle.
   */
  static final int DEFAULT_SLOTS_PER_PROCESSOR = 4;

  private final UnaryOperator<String> env;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates a reader.
   *
   * @param env looks up an environment variable ({@code System::getenv} in production)
   */
  public WorkerConfigReader(UnaryOperator<String> env) {
    this.env = env;
  }

  /**
   * Reads the settings from command-line arguments {@code [--server URL] [--concurrency N]
   * [--resources ARN,...] [--config FILE]}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value or a bad setting
   * @throws IOException when the configuration file cannot be read or parsed
   */
  public WorkerConfig read(String... args) throws IOException {
    Map<String, String> options = options(args);
    JsonNode file = json.createObjectNode();
    String configPath = options.getOrDefault("config", env.apply("STEPWISE_WORKER_CONFIG"));
    if (configPath != null) {
      file = json.readTree(Files.readString(Path.of(configPath)));
      if (!file.isObject()) {
        throw new IllegalArgumentException(
            configPath + ": the configuration must be a JSON object");
      }
    }
    URI server =
        URI.create(
            first(
                options.get("server"),
                env.apply("STEPWISE_SERVER"),
                text(file, "server"),
                WorkerConfig.DEFAULT_SERVER.toString()));
    String region =
        first(
            text(file, "region"),
            env.apply("AWS_REGION"),
            env.apply("AWS_DEFAULT_REGION"),
            "us-east-1");
    String workerName = first(text(file, "workerName"), hostName());
    int concurrency =
        Integer.parseInt(
            first(
                options.get("concurrency"),
                text(file, "concurrency"),
                String.valueOf(
                    DEFAULT_SLOTS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors())));
    List<String> resources =
        options.containsKey("resources")
            ? split(options.get("resources"))
            : strings(file.path("resources"));
    Map<String, Duration> heartbeatByResource = new LinkedHashMap<>();
    file.path("heartbeatSecondsByResource")
        .properties()
        .forEach(e -> heartbeatByResource.put(e.getKey(), seconds(e.getValue().asDouble())));
    return new WorkerConfig(
        server,
        region,
        workerName,
        concurrency,
        resources,
        seconds(file.path("heartbeatSeconds").asDouble(20)),
        heartbeatByResource,
        seconds(file.path("shutdownGraceSeconds").asDouble(30)),
        seconds(file.path("backoffInitialSeconds").asDouble(1)),
        seconds(file.path("backoffMaxSeconds").asDouble(30)),
        connections(file.path("connections")));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!List.of("server", "concurrency", "resources", "config").contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      options.put(name, value);
    }
    return options;
  }

  private Map<String, Connection> connections(JsonNode node) {
    Map<String, Connection> connections = new LinkedHashMap<>();
    for (var entry : node.properties()) {
      String name = entry.getKey();
      JsonNode c = entry.getValue();
      String type = c.path("type").asText("").toUpperCase(Locale.ROOT);
      AllowedHosts hosts = allowedHosts(c, name);
      Connection connection =
          switch (type) {
            case "BASIC" ->
                new Connection.Basic(
                    required(c, name, "username"), secret(c, name, "passwordEnv"), hosts);
            case "API_KEY" ->
                new Connection.ApiKey(
                    required(c, name, "apiKeyName"), secret(c, name, "apiKeyValueEnv"), hosts);
            case "BEARER" -> new Connection.Bearer(secret(c, name, "tokenEnv"), hosts);
            case "OAUTH_CLIENT_CREDENTIALS" ->
                new Connection.OAuthClientCredentials(
                    URI.create(required(c, name, "authorizationEndpoint")),
                    text(c, "httpMethod"),
                    required(c, name, "clientId"),
                    secret(c, name, "clientSecretEnv"),
                    text(c, "scope"),
                    hosts);
            default ->
                throw new IllegalArgumentException(
                    "connection '"
                        + name
                        + "': type must be BASIC, API_KEY, BEARER or OAUTH_CLIENT_CREDENTIALS");
          };
      connections.put(name, connection);
    }
    return connections;
  }

  /** The hosts the connection's credentials may go to: required, since a definition picks URLs. */
  private static AllowedHosts allowedHosts(JsonNode connection, String name) {
    JsonNode list = connection.path("allowedHosts");
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          "connection '"
              + name
              + "': allowedHosts is required: the hosts its credentials may be sent to, such as"
              + " [\"api.example.com\", \"*.example.com\", \"http://127.0.0.1:9000\"] (https"
              + " unless an entry says http://)");
    }
    try {
      return AllowedHosts.of(strings(list));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "connection '" + name + "': allowedHosts entry " + e.getMessage());
    }
  }

  /** Reads a secret from the environment variable the file names; fails if it is unset. */
  private Secret secret(JsonNode connection, String name, String field) {
    String variable = required(connection, name, field);
    String value = env.apply(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "connection '"
              + name
              + "': environment variable "
              + variable
              + " ("
              + field
              + ") is not set");
    }
    return new Secret(value);
  }

  private static String required(JsonNode node, String name, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("connection '" + name + "': " + field + " is required");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.asText()));
    return values;
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @SafeVarargs
  private static <T> T first(T... candidates) {
    for (T candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "stepwise-worker";
    }
  }
}
