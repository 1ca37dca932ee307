package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.stepwise.cluster.Cluster.Node;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 21's promise about crashes: a status change is written in the transaction of the step that
 * made it (the outbox), so a server SIGKILLed after the step committed and before the event went
 * out delivers it after the restart: once or more, never zero. The first server's notification loop
 * polls once an hour, so the executions' events are committed and wait, undispatched, when it is
 * killed; the restarted server (normal polling) delivers every one to a receiver in this process.
 */
class NotificationKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXECUTIONS = 10;

  @Test
  void eventsCommittedBeforeAKillAreDeliveredAfterTheRestart() throws Exception {
    Cluster.requireServerJar();
    Map<String, List<String>> received = new HashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    receiver.createContext(
        "/",
        exchange -> {
          JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
          synchronized (received) {
            received
                .computeIfAbsent(event.at("/detail/executionArn").asText(), k -> new ArrayList<>())
                .add(event.at("/detail/status").asText());
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
    try (Cluster cluster = new Cluster("notification-kill")) {
      cluster.startPostgres(true);
      int db = cluster.postgresPort();
      String allowed =
          "-Dstepwise.outbound.allowed-hosts=http://127.0.0.1:" + receiver.getAddress().getPort();
      Node first =
          cluster.startServer(
              "server-a", db, "-Xmx384m", allowed, "-Dstepwise.notifications.poll-interval=1h");
      cluster.awaitReady(first, Duration.ofSeconds(180));
      List<String> executions = new ArrayList<>();
      try (SfnClient sfn = Cluster.client(first.endpoint(), 1)) {
        String machine =
            sfn.createStateMachine(
                    r ->
                        r.name("notified")
                            .roleArn(Cluster.ROLE)
                            .definition(
                                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                                    + "\"End\":true}}}"))
                .stateMachineArn();
        HttpResponse<String> made =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(first.endpoint().resolve("/api/v1/subscriptions"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"crash\",\"eventPattern\":{\"detail\":"
                                    + "{\"stateMachineArn\":[\""
                                    + machine
                                    + "\"]}},\"target\":{\"webhook\":{\"url\":\""
                                    + hook
                                    + "\"}}}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        for (int i = 0; i < EXECUTIONS; i++) {
          executions.add(sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn());
        }
        Cluster.awaitNoneRunning(cluster.sql(), machine, Duration.ofSeconds(60));
      }
      // Every step committed its event; none went out: the loop sleeps its hour.
      try (Connection sql = cluster.sql();
          ResultSet rs =
              sql.createStatement().executeQuery("SELECT count(*) FROM notification_outbox")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2L * EXECUTIONS);
      }
      synchronized (received) {
        assertThat(received).isEmpty();
      }
      first.kill();

      // The same server again: its data folder holds the server key that seals the secrets.
      Node second = cluster.startServer("server-a", db, "-Xmx384m", allowed);
      cluster.awaitReady(second, Duration.ofSeconds(180));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && !allDelivered(received, executions)) {
        Thread.sleep(200);
      }
      synchronized (received) {
        for (String e : executions) {
          // Once or more (at least once), never zero; in order per execution.
          assertThat(received.get(e)).as(e).isNotNull().contains("RUNNING", "SUCCEEDED");
          assertThat(received.get(e).indexOf("RUNNING"))
              .as(e)
              .isLessThan(received.get(e).lastIndexOf("SUCCEEDED"));
        }
      }
      cluster.passed();
    } finally {
      receiver.stop(0);
    }
  }

  private static boolean allDelivered(Map<String, List<String>> received, List<String> executions) {
    synchronized (received) {
      return executions.stream()
          .allMatch(e -> received.containsKey(e) && received.get(e).contains("SUCCEEDED"));
    }
  }
}
