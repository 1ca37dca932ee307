package io.stepwise.worker.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fake of the Step Functions activity API over AWS JSON 1.0 on 127.0.0.1: GetActivityTask
 * long-polls a queue per resource, SendTaskSuccess/Failure/Heartbeat are recorded, errors come back
 * as AWS sends them ({@code 400} with {@code __type}).
 */
final class FakeStepFunctions implements AutoCloseable {

  record Report(String token, String kind, String output, String error, String cause) {}

  private record Queued(String token, String input) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Duration longPoll;
  private final Map<String, BlockingQueue<Queued>> queues = new ConcurrentHashMap<>();
  private final List<Report> reports = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> heartbeats = new ConcurrentHashMap<>();
  private final Set<String> timedOut = ConcurrentHashMap.newKeySet();
  private final AtomicInteger polls = new AtomicInteger();
  private final List<String> workerNames = new CopyOnWriteArrayList<>();
  private final AtomicInteger throttledAnswers = new AtomicInteger();

  /**
   * Guarded by {@code this}: polls open now, tasks handed out and not yet reported, the most of
   * both.
   */
  private int openPolls;

  private int unreported;
  private int maxOutstanding;

  FakeStepFunctions(int port, Duration longPoll) throws IOException {
    this.longPoll = longPoll;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void enqueue(String resource, String token, String input) {
    queues
        .computeIfAbsent(resource, r -> new LinkedBlockingQueue<>())
        .add(new Queued(token, input));
  }

  /** The next {@code count} SendTaskSuccess calls are answered ThrottlingException, as AWS does. */
  void throttleAnswers(int count) {
    throttledAnswers.set(count);
  }

  void timeOutHeartbeatsOf(String token) {
    timedOut.add(token);
  }

  List<Report> reports() {
    return List.copyOf(reports);
  }

  int heartbeats(String token) {
    return heartbeats.getOrDefault(token, new AtomicInteger()).get();
  }

  int polls() {
    return polls.get();
  }

  List<String> workerNames() {
    return List.copyOf(workerNames);
  }

  synchronized int maxOutstanding() {
    return maxOutstanding;
  }

  private synchronized void outstanding(int pollDelta, int unreportedDelta) {
    openPolls += pollDelta;
    unreported += unreportedDelta;
    maxOutstanding = Math.max(maxOutstanding, openPolls + unreported);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
      String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
      switch (action) {
        case "GetActivityTask" -> getActivityTask(exchange, body);
        case "SendTaskSuccess" -> {
          if (throttledAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ObjectNode error = json.createObjectNode();
            error.put("__type", "com.amazon.coral.availability#ThrottlingException");
            error.put("message", "Rate exceeded");
            respond(exchange, 400, error);
            return;
          }
          record(body, "success");
          respond(exchange, 200, json.createObjectNode());
        }
        case "SendTaskFailure" -> {
          record(body, "failure");
          respond(exchange, 200, json.createObjectNode());
        }
        case "SendTaskHeartbeat" -> {
          String token = body.path("taskToken").asText();
          heartbeats.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
          if (timedOut.contains(token)) {
            error(exchange, "TaskTimedOut", "Task Timed Out: '" + token + "'");
          } else {
            respond(exchange, 200, json.createObjectNode());
          }
        }
        default -> error(exchange, "UnknownOperationException", "unknown operation " + target);
      }
    }
  }

  private void getActivityTask(HttpExchange exchange, JsonNode body) throws IOException {
    polls.incrementAndGet();
    workerNames.add(body.path("workerName").asText());
    outstanding(1, 0);
    Queued task = null;
    try {
      task =
          queues
              .computeIfAbsent(body.path("activityArn").asText(), r -> new LinkedBlockingQueue<>())
              .poll(longPoll.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ObjectNode response = json.createObjectNode();
    if (task != null) {
      response.put("taskToken", task.token());
      response.put("input", task.input());
      outstanding(-1, 1);
    } else {
      outstanding(-1, 0);
    }
    respond(exchange, 200, response);
  }

  private void record(JsonNode body, String kind) {
    reports.add(
        new Report(
            body.path("taskToken").asText(),
            kind,
            body.path("output").asText(null),
            body.path("error").asText(null),
            body.path("cause").asText(null)));
    outstanding(0, -1);
  }

  private void error(HttpExchange exchange, String code, String message) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("__type", "com.amazonaws.swf.service.v2.model#" + code);
    body.put("message", message);
    respond(exchange, 400, body);
  }

  private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
