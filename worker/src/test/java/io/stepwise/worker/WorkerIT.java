package io.stepwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.stepwise.worker.config.WorkerConfig;
import io.stepwise.worker.http.AllowedHosts;
import io.stepwise.worker.http.Connection;
import io.stepwise.worker.http.HttpInvokeHandler;
import io.stepwise.worker.http.Secret;
import io.stepwise.worker.poll.Worker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The worker against the real Stepwise server, started as its own process from the packaged api
 * module ({@code -Dstepwise.server.jar=.../api/target/quarkus-app/quarkus-run.jar}), or against a
 * server already running at {@code -Dstepwise.server.url}. Skipped when neither is given.
 */
class WorkerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GREET = "arn:aws:lambda:us-east-1:123456789012:function:greet";
  private static final String CONNECTION =
      "arn:aws:events:us-east-1:123456789012:connection/local-api/7f1c";

  private static Process server;
  private static Path data;
  private static URI endpoint;
  private static SfnClient sfn;
  private static HttpServer api;
  private static Worker worker;
  private static final AtomicReference<String> seenAuthorization = new AtomicReference<>();
  private static final List<Path> logs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String url = System.getProperty("stepwise.server.url", "");
    String jar = System.getProperty("stepwise.server.jar", "");
    boolean serverGiven = !url.isBlank() || (!jar.isBlank() && Files.isRegularFile(Path.of(jar)));
    String missing =
        "no server: set -Dstepwise.server.url or -Dstepwise.server.jar (build it with ./mvnw -pl api -am package -DskipTests)";
    // A CI run that silently skipped the worker's end-to-end test would look green.
    if (!serverGiven && "true".equals(System.getenv("CI"))) Assertions.fail(missing);
    Assumptions.assumeTrue(serverGiven, missing);
    if (url.isBlank()) {
      int port = freePort();
      data = Files.createTempDirectory("stepwise-it-");
      Path log = data.resolve("server.log");
      logs.add(log);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      server =
          new ProcessBuilder(
                  java,
                  "-jar",
                  jar,
                  "--port",
                  String.valueOf(port),
                  "--host",
                  "127.0.0.1",
                  "--data",
                  data.resolve("db").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      url = "http://127.0.0.1:" + port;
      // The server checks access keys (security is on by default): the test and the worker use the
      // key pair it writes on its first start, the worker through the SDK's credential chain.
      useAccessKeyOf(data.resolve("db/security/credentials"));
    }
    endpoint = URI.create(url);
    sfn =
        SfnClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        System.getProperty("aws.accessKeyId", "it"),
                        System.getProperty("aws.secretAccessKey", "it"))))
            .build();
    awaitServer();

    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/hello",
        exchange -> {
          seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body = "{\"message\":\"hi from the API\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();

    WorkerConfig config =
        new WorkerConfig(
            endpoint,
            "us-east-1",
            "it-worker",
            4,
            List.of(GREET, HttpInvokeHandler.RESOURCE),
            Duration.ofSeconds(5),
            Map.of(),
            Duration.ofSeconds(5),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            Map.of(
                "local-api",
                new Connection.Bearer(
                    new Secret("it-token"),
                    AllowedHosts.of(List.of("http://127.0.0.1:" + api.getAddress().getPort())))));
    worker = WorkerMain.create(config);
    worker.start();
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (worker != null) {
      worker.shutdown();
    }
    if (api != null) {
      api.stop(0);
    }
    if (sfn != null) {
      sfn.close();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits for the server's credentials file and makes its key pair this JVM's AWS credentials. */
  private static void useAccessKeyOf(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.isRegularFile(file)) {
      if (!server.isAlive()) {
        throw new AssertionError("the server exited: " + Files.readString(logs.getFirst()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the server wrote no credentials file within 120 s: " + file);
      }
      Thread.sleep(200);
    }
    Thread.sleep(200); // written in one go, but give the writer its moment
    for (String line : Files.readAllLines(file)) {
      String[] pair = line.split("=", 2);
      if (pair.length != 2) continue;
      switch (pair[0].trim()) {
        case "aws_access_key_id" -> System.setProperty("aws.accessKeyId", pair[1].trim());
        case "aws_secret_access_key" -> System.setProperty("aws.secretAccessKey", pair[1].trim());
        default -> {}
      }
    }
  }

  private static void awaitServer() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        sfn.listActivities();
        return;
      } catch (RuntimeException e) {
        if (server != null && !server.isAlive()) {
          throw new AssertionError("the server exited: " + Files.readString(logs.getFirst()));
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the server did not answer within 120 s", e);
        }
        Thread.sleep(500);
      }
    }
  }

  private static DescribeExecutionResponse run(String name, String definition, String input)
      throws Exception {
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name(name + "-" + System.nanoTime())
                        .definition(definition)
                        .roleArn("arn:aws:iam::123456789012:role/stepwise"))
            .stateMachineArn();
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(execution));
      if (described.status() != ExecutionStatus.RUNNING) {
        return described;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("execution still running after 60 s: " + execution);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void runsAJavaHandlerAndAnHttpTaskWithAConnection() throws Exception {
    String definition =
        """
        {"StartAt": "Greet", "States": {
          "Greet": {"Type": "Task", "Resource": "%s", "ResultPath": "$.greeting", "Next": "Call"},
          "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                   "Parameters": {"ApiEndpoint": "%s/hello", "Method": "GET",
                                  "Authentication": {"ConnectionArn": "%s"}},
                   "ResultSelector": {"status.$": "$.StatusCode", "body.$": "$.ResponseBody"},
                   "ResultPath": "$.http", "End": true}}}
        """
            .formatted(GREET, "http://127.0.0.1:" + api.getAddress().getPort(), CONNECTION);

    DescribeExecutionResponse done = run("greet-and-call", definition, "{\"name\":\"Ada\"}");

    assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode output = JSON.readTree(done.output());
    assertThat(output.path("greeting").path("greeting").asText()).isEqualTo("Hello, Ada!");
    assertThat(output.path("http").path("status").asText()).isEqualTo("200");
    assertThat(output.path("http").path("body").path("message").asText())
        .isEqualTo("hi from the API");
    assertThat(seenAuthorization.get()).isEqualTo("Bearer it-token");
  }

  @Test
  void aTypedFailureIsCaughtByItsErrorName() throws Exception {
    String definition =
        """
        {"StartAt": "Greet", "States": {
          "Greet": {"Type": "Task", "Resource": "%s",
                    "Catch": [{"ErrorEquals": ["Greeting.NoName"], "ResultPath": "$.error", "Next": "Anonymous"}],
                    "End": true},
          "Anonymous": {"Type": "Pass", "End": true}}}
        """
            .formatted(GREET);

    DescribeExecutionResponse done = run("greet-nobody", definition, "{}");

    assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(done.output()).path("error").path("Error").asText())
        .isEqualTo("Greeting.NoName");
  }
}
