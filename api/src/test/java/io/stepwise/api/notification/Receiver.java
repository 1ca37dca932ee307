package io.stepwise.api.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on this machine (the JDK's HTTP server): records every request by path, and
 * answers 500 to the first {@code failures} requests of a path before answering 200.
 */
final class Receiver implements AutoCloseable {
  record Received(String path, String signature, String body, int answered) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  Receiver(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int left = failuresLeft.getOrDefault(path, 0);
          int status = left > 0 ? 500 : 200;
          if (left > 0) failuresLeft.put(path, left - 1);
          synchronized (received) {
            received.add(
                new Received(
                    path,
                    exchange.getRequestHeaders().getFirst("X-Stepwise-Signature"),
                    body,
                    status));
          }
          requests.incrementAndGet();
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The first {@code n} requests to {@code path} get 500. */
  void failFirst(String path, int n) {
    failuresLeft.put(path, n);
  }

  List<Received> at(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
