package io.stepwise.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.stepwise.api.authentication.CsrfGuard;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses a browser request that changes something when another origin made it. A page on another
 * port of the same host, or on a sibling subdomain, is same-<em>site</em>: {@code SameSite=Lax}
 * cookies go with its form posts, so only the origin tells them apart. The browser's {@code
 * Sec-Fetch-Site} must say {@code same-origin}; a browser too old to send it is judged by {@code
 * Origin} against the request's own scheme, host and port. Requests with neither (scripts, SDKs)
 * pass here and meet the CSRF token ({@link CsrfGuard}) or their signature instead.
 *
 * <p>It runs as an HTTP filter before authentication, because Quarkus OIDC signs out at {@code
 * /auth/logout} whatever the method: a {@code GET} there is sent to the sign-out page instead, so
 * only this site's own {@code POST} ends a session.
 */
@ApplicationScoped
public class SameOriginCheck {
  static final String LOGOUT = "/auth/logout";
  static final String SIGN_OUT_PAGE = "/auth/sign-out";
  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  void register(@Observes Filters filters) {
    filters.register(this::check, SecurityHandlerPriorities.AUTHENTICATION + 50);
  }

  void check(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String path = request.path();
    if (request.method() == HttpMethod.GET && LOGOUT.equals(path)) {
      rc.response().setStatusCode(303).putHeader("Location", SIGN_OUT_PAGE).end();
      return;
    }
    // POST / is the AWS API: signed per request, never authenticated by a cookie.
    if (SAFE.contains(request.method()) || "/".equals(path) || fromThisOrigin(request)) {
      rc.next();
      return;
    }
    rc.response()
        .setStatusCode(403)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(
            "Refused: this request was sent by a page of another site ("
                + describeSender(request)
                + "). Use Stepwise's own pages.\n");
  }

  /** Whether the browser (if any) says this request comes from a page of this very origin. */
  static boolean fromThisOrigin(HttpServerRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) return site.equals("same-origin") || site.equals("none");
    String origin = request.getHeader("Origin");
    if (origin == null || origin.equals("null")) return true;
    return sameOrigin(origin, request.scheme(), String.valueOf(request.authority()));
  }

  static boolean sameOrigin(String origin, String scheme, String authority) {
    try {
      URI sender = URI.create(origin);
      URI self = URI.create(scheme + "://" + authority);
      return sender.getScheme() != null
          && sender.getScheme().equalsIgnoreCase(self.getScheme())
          && sender.getHost() != null
          && sender.getHost().equalsIgnoreCase(self.getHost())
          && port(sender) == port(self);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) return uri.getPort();
    return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
  }

  private static String describeSender(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    String site = request.getHeader("Sec-Fetch-Site");
    return "Origin " + (origin == null ? "absent" : origin) + ", Sec-Fetch-Site " + site;
  }
}
