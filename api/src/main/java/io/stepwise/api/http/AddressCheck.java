package io.stepwise.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers 400 to an address whose path or query, once decoded, holds a control character: a NUL
 * would reach PostgreSQL, which refuses such text (a 500 before), and a CR or LF could split a
 * header the value is copied into.
 */
@ApplicationScoped
public class AddressCheck {
  void register(@Observes Filters filters) {
    filters.register(this::check, Integer.MAX_VALUE - 2);
  }

  void check(RoutingContext rc) {
    String path = rc.request().path();
    String query = rc.request().query();
    if (clean(path) && (query == null || clean(query))) {
      rc.next();
      return;
    }
    rc.response()
        .setStatusCode(400)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Bad request: the address holds a control character or a broken %-escape.\n");
  }

  static boolean clean(String raw) {
    String decoded;
    try {
      decoded = URLDecoder.decode(raw == null ? "" : raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return decoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }
}
