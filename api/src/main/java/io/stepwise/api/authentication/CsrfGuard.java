package io.stepwise.api.authentication;

import io.stepwise.api.caller.Caller;
import io.stepwise.api.http.SameOriginCheck;
import io.stepwise.web.page.CsrfToken;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * The per-session CSRF token of the browser pages. Each browser holds a random nonce in an HttpOnly
 * cookie, replaced at sign-in; the token is an HMAC under the server key of that nonce and the
 * signed-in user, so neither a page of another origin (which cannot read the page or the cookie)
 * nor a sibling subdomain that plants its own nonce cookie can produce it. Every page request
 * learns its token ({@link CsrfToken}); every request that changes something, made by a browser
 * signed in through a cookie, must send it back (header or form field) or is refused.
 *
 * <p>Not checked here: the AWS API ({@code POST /}, signed per request), requests that carry their
 * own {@code Authorization} (a bearer token cannot ride along cross-site), sign-in (no session yet;
 * {@link SameOriginCheck} guards it), and the approval pages, whose signed links and inbox carry
 * their own per-approval CSRF tokens.
 */
@ApplicationScoped
public class CsrfGuard {
  static final String COOKIE = "stepwise-csrf";
  private static final String NEW_NONCE = "stepwise.csrf.newNonce";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22}");
  private final ServerKey key;

  public CsrfGuard(ServerKey key) {
    this.key = key;
  }

  @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 2)
  @WithFormRead
  public Response check(ResteasyReactiveContainerRequestContext ctx, HttpServerRequest http) {
    String path = ctx.getUriInfo().getPath();
    if (path.isEmpty() || path.equals("/")) return null;
    // Machines' endpoints: signed or token-carrying calls that no browser session can make.
    if (JsonApiGuard.isJsonApi(path) || path.startsWith(PageGuard.HOOKS)) return null;
    Cookie cookie = http.getCookie(COOKIE);
    String nonce = cookie == null ? null : cookie.getValue();
    if (nonce == null || !NONCE.matcher(nonce).matches()) {
      nonce = newNonce();
      ctx.setProperty(NEW_NONCE, nonce);
    }
    Caller caller = PageGuard.callerOf(ctx);
    String expected = token(nonce, caller);
    ctx.setProperty(CsrfToken.PROPERTY, expected);
    if (SAFE.contains(ctx.getMethod()) || !needsToken(path, caller, ctx)) return null;
    String sent = sentToken(ctx);
    if (sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    return Response.status(403)
        .type(MediaType.TEXT_HTML)
        .entity(
            SecurityPages.notice(
                    "Request refused",
                    "csrf-refused",
                    "This request did not carry the page's security token: the page may be out of"
                        + " date (you signed in again since), or another site sent it. Reload the"
                        + " page and try again.")
                .render())
        .build();
  }

  /** Gives a browser that had no nonce the one its page's token was made with. */
  @ServerResponseFilter
  public void setNonce(
      ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
    if (!(request.getProperty(NEW_NONCE) instanceof String nonce)) return;
    if (response.getCookies().containsKey(COOKIE)) return; // sign-in set a fresh one
    response.getHeaders().add(HttpHeaders.SET_COOKIE, BrowserCookies.of(COOKIE, nonce, -1, http));
  }

  /** A new nonce for a new session (sign-in). */
  static NewCookie freshNonce(HttpServerRequest http) {
    return BrowserCookies.of(COOKIE, newNonce(), -1, http);
  }

  String token(String nonce, Caller caller) {
    String who = caller.signedIn() ? caller.name() : "";
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.mac("csrf", nonce + "|" + who));
  }

  private static String newNonce() {
    return ServerKey.randomToken(16);
  }

  private static boolean needsToken(String path, Caller caller, ContainerRequestContext ctx) {
    return caller.signedIn()
        && ctx.getHeaderString(HttpHeaders.AUTHORIZATION) == null
        && !path.equals("/auth/login")
        && !path.startsWith("/approvals/");
  }

  private static String sentToken(ResteasyReactiveContainerRequestContext ctx) {
    String header = ctx.getHeaderString(CsrfToken.HEADER);
    if (header != null) return header;
    Object field =
        ((ResteasyReactiveRequestContext) ctx.getServerRequestContext())
            .getFormParameter(CsrfToken.FIELD, true, false);
    return field == null ? null : field.toString();
  }
}
