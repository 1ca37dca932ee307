package io.stepwise.api.authentication;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.NewCookie;

/**
 * The server's own browser cookies (session, CSRF nonce): path {@code /}, never readable by
 * scripts, {@code SameSite=Lax}, and {@code Secure} when the request arrived over https. Behind a
 * TLS-terminating proxy the scheme is the proxy's only when Quarkus is told to trust its headers
 * ({@code quarkus.http.proxy.proxy-address-forwarding}, docs/SECURITY.md).
 */
final class BrowserCookies {
  private BrowserCookies() {}

  /** A cookie that lasts {@code maxAgeSeconds}, or the browser session when negative. */
  static NewCookie of(String name, String value, int maxAgeSeconds, HttpServerRequest http) {
    NewCookie.Builder b =
        new NewCookie.Builder(name)
            .value(value)
            .path("/")
            .httpOnly(true)
            .sameSite(NewCookie.SameSite.LAX)
            .secure(overHttps(http));
    if (maxAgeSeconds >= 0) b.maxAge(maxAgeSeconds);
    return b.build();
  }

  /** A cookie that tells the browser to forget {@code name}. */
  static NewCookie expired(String name, HttpServerRequest http) {
    return of(name, "", 0, http);
  }

  static boolean overHttps(HttpServerRequest http) {
    return "https".equalsIgnoreCase(http.scheme());
  }
}
