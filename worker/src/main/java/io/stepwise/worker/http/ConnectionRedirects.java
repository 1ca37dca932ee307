package io.stepwise.worker.http;

import io.stepwise.worker.TaskFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a request that carries a connection's credentials and follows its redirects itself: the JDK
 * client would copy the credential headers to wherever a {@code Location} points. A redirect is
 * followed only to a scheme, host and port the connection allows (else the task fails with {@code
 * Worker.ConnectionHostNotAllowed}), at most {@value #MAX_REDIRECTS} times, changing the method as
 * the JDK client does: 303, and 301/302 after a POST, become a GET without a body.
 */
final class ConnectionRedirects {
  static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /** A client that never follows a redirect on its own. */
  private final HttpClient client;

  ConnectionRedirects(HttpClient client) {
    this.client = client;
  }

  HttpResponse<InputStream> send(HttpRequest request, String name, Connection connection)
      throws IOException, InterruptedException, TaskFailure {
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      Optional<String> location = response.headers().firstValue("Location");
      if (!REDIRECTS.contains(response.statusCode())
          || location.isEmpty()
          || hop == MAX_REDIRECTS) {
        return response;
      }
      response.body().close();
      URI next;
      try {
        next = request.uri().resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new TaskFailure(
            HttpInvokeHandler.ERROR_SOCKET,
            "A redirect from " + HttpInvokeHandler.origin(request.uri()) + " names no valid URL.");
      }
      if (!connection.hosts().permits(next)) {
        throw HttpInvokeHandler.hostNotAllowed(
            name,
            connection,
            next,
            " (where a redirect from " + HttpInvokeHandler.origin(request.uri()) + " led)");
      }
      request = follow(request, next, response.statusCode());
    }
  }

  private static HttpRequest follow(HttpRequest request, URI next, int status) {
    boolean becomesGet =
        status == 303 || ((status == 301 || status == 302) && request.method().equals("POST"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                request, (header, value) -> !becomesGet || !header.equalsIgnoreCase("Content-Type"))
            .uri(next);
    if (becomesGet) b.GET();
    return b.build();
  }
}
