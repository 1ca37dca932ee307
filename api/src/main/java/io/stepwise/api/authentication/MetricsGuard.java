package io.stepwise.api.authentication;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /q/metrics} for Prometheus and admins only: a request must carry the scrape token ({@code
 * Authorization: Bearer} the value of {@code stepwise.security.metrics-token}, which Prometheus
 * sends from its {@code authorization.credentials_file}) or come from a signed-in admin. Metrics
 * count every team's executions and name state machines, and a token keeps them off the network.
 * Runs after authentication, so an OpenID Connect bearer token or session is already resolved.
 */
@ApplicationScoped
public class MetricsGuard {
  static final String PATH = "/q/metrics";
  private final SecurityConfig config;
  private final Callers callers;

  public MetricsGuard(SecurityConfig config, Callers callers) {
    this.config = config;
    this.callers = callers;
  }

  void register(@Observes Filters filters) {
    filters.register(this::check, SecurityHandlerPriorities.AUTHENTICATION - 10);
  }

  void check(RoutingContext rc) {
    String path = rc.request().path();
    if (!config.enabled() || !(path.equals(PATH) || path.startsWith(PATH + "/"))) {
      rc.next();
      return;
    }
    if (scrapeToken(rc.request().getHeader("Authorization")) || admin(rc)) {
      rc.next();
      return;
    }
    rc.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"stepwise-metrics\"")
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(
            "Metrics need the scrape token (Authorization: Bearer, stepwise.security.metrics-token)"
                + " or a signed-in admin.\n");
  }

  private boolean scrapeToken(String authorization) {
    String token = config.metricsToken().orElse("");
    if (token.isBlank() || authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(
        authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private boolean admin(RoutingContext rc) {
    SecurityIdentity identity =
        rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    Cookie session = rc.request().getCookie(LocalSessions.COOKIE);
    String address =
        rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().hostAddress();
    return callers.of(identity, session == null ? null : session.getValue(), address).isAdmin();
  }
}
