package io.stepwise.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The browser-hardening headers of every response, unless the page set its own (the approval pages
 * choose {@code no-referrer}). The policy allows this origin's scripts only, so an injected {@code
 * <script>} or inline handler does not run; inline styles stay allowed (the pages compute indents
 * and widths, and htmx adds its indicator style). No page may be framed by another.
 */
@ApplicationScoped
public class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "same-origin",
          "X-Content-Type-Options", "nosniff");

  void register(@Observes Filters filters) {
    filters.register(
        rc -> {
          rc.addHeadersEndHandler(v -> addMissing(rc));
          rc.next();
        },
        // Before everything else that may answer (authentication refusals included).
        Integer.MAX_VALUE - 1);
  }

  private static void addMissing(RoutingContext rc) {
    MultiMap headers = rc.response().headers();
    HEADERS.forEach(
        (name, value) -> {
          if (!headers.contains(name)) headers.set(name, value);
        });
  }
}
