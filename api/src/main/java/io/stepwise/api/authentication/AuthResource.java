package io.stepwise.api.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.http.SameOriginCheck;
import io.stepwise.engine.json.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Sign-in and sign-out. With OpenID Connect, {@code /auth/login} sends the browser to {@code
 * /auth/sso}, which Quarkus OIDC protects (code flow to the provider's login page), and {@code
 * /auth/logout} is Quarkus OIDC's RP-initiated logout. Without it, {@code /auth/login} is a form
 * for the local admin and the session is a signed cookie.
 */
@Path("/auth")
public class AuthResource {
  @Inject LocalAdmin admin;
  @Inject LocalSessions sessions;
  @Inject Callers callers;
  @Inject AuditLog audit;
  @Inject SecurityIdentity identity;
  @Inject SecurityConfig config;
  @Inject SignInThrottle throttle;

  @GET
  @Path("login")
  @Produces(MediaType.TEXT_HTML)
  public Response loginPage(@QueryParam("next") String next) {
    Optional<String> back = safe(next);
    if (back.isEmpty()) return badNext();
    if (Callers.sso()) {
      return Response.seeOther(URI.create("/auth/sso?next=" + encode(back.get()))).build();
    }
    return Response.ok(form(back.get(), null)).build();
  }

  @POST
  @Path("login")
  @Produces(MediaType.TEXT_HTML)
  public Response login(
      @FormParam("username") String user,
      @FormParam("password") String password,
      @FormParam("next") String next,
      @Context HttpServerRequest http) {
    Caller who =
        new Caller(
            user == null ? "?" : user,
            Caller.Kind.LOCAL,
            java.util.Set.of(),
            java.util.Set.of(),
            address(http));
    Optional<String> back = safe(next);
    if (back.isEmpty()) return badNext();
    Instant now = Instant.now();
    SignInThrottle.Verdict verdict = throttle.attempt(user, who.address(), now);
    if (!verdict.allowed()) {
      long seconds = Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
      if (verdict.audit()) {
        audit.record(who, "SignIn", "", "throttled", "repeated failures; waits " + seconds + " s");
      }
      return Response.status(429)
          .header("Retry-After", seconds)
          .entity(
              form(
                  back.get(),
                  "Too many failed sign-ins for this user or from this address: try again in "
                      + seconds
                      + " s."))
          .build();
    }
    if (Callers.sso() || !admin.accepts(user, password)) {
      throttle.failed(user, who.address(), now);
      audit.record(who, "SignIn", "", "denied", "wrong user name or password");
      return Response.status(401).entity(form(back.get(), "Wrong user name or password.")).build();
    }
    throttle.succeeded(user, who.address());
    audit.record(who, "SignIn", "", "ok", "local form");
    NewCookie cookie =
        BrowserCookies.of(
            LocalSessions.COOKIE,
            sessions.issue(user),
            (int) sessions.lifetime().toSeconds(),
            http);
    return Response.seeOther(URI.create(back.get()))
        .cookie(cookie, CsrfGuard.freshNonce(http))
        .build();
  }

  /** Protected by Quarkus OIDC (quarkus.http.auth.permission.sso-login): reached signed in. */
  @GET
  @Path("sso")
  public Response sso(@QueryParam("next") String next, @Context HttpServerRequest http) {
    Optional<String> back = safe(next);
    if (back.isEmpty()) return badNext();
    Caller caller = callers.of(identity, null, address(http));
    audit.record(caller, "SignIn", "", "ok", "OpenID Connect");
    return Response.seeOther(URI.create(back.get())).cookie(CsrfGuard.freshNonce(http)).build();
  }

  /**
   * The page a {@code GET /auth/logout} is sent to ({@link SameOriginCheck}): signing out is a
   * {@code POST}, so a link or image on another site cannot end a session.
   */
  @GET
  @Path("sign-out")
  @Produces(MediaType.TEXT_HTML)
  public String signOutPage() {
    return SecurityPages.signOut().render();
  }

  /**
   * Local sign-out (with OpenID Connect, Quarkus answers this path first while signed in: its
   * RP-initiated logout). A {@code POST} carrying the page's CSRF token.
   */
  @POST
  @Path("logout")
  public Response logout(@Context HttpServerRequest http) {
    var cookie = http.getCookie(LocalSessions.COOKIE);
    Caller caller = callers.of(identity, cookie == null ? null : cookie.getValue(), address(http));
    if (caller.signedIn()) {
      if (caller.kind() == Caller.Kind.LOCAL) sessions.signOut(caller.name());
      audit.record(caller, "SignOut", "", "ok", "");
    }
    return Response.seeOther(URI.create("/auth/signed-out"))
        .cookie(
            BrowserCookies.expired(LocalSessions.COOKIE, http),
            BrowserCookies.expired(CsrfGuard.COOKIE, http))
        .build();
  }

  @GET
  @Path("signed-out")
  @Produces(MediaType.TEXT_HTML)
  public String signedOut() {
    return SecurityPages.signedOut().render();
  }

  /** Who the request is signed in as (JSON), for scripts and tests. */
  @GET
  @Path("me")
  @Produces(MediaType.APPLICATION_JSON)
  public String me(@Context HttpServerRequest http) {
    var cookie = http.getCookie(LocalSessions.COOKIE);
    Caller caller = callers.of(identity, cookie == null ? null : cookie.getValue(), address(http));
    ObjectNode out = Json.object();
    out.put("name", caller.name());
    out.put("kind", caller.kind().name());
    caller.roles().stream().map(Role::id).sorted().forEach(out.putArray("roles")::add);
    if (!out.has("roles")) out.putArray("roles");
    caller.teams().stream().sorted().forEach(out.withArray("teams")::add);
    if (!out.has("teams")) out.putArray("teams");
    return Json.write(out);
  }

  private String form(String next, String error) {
    return SecurityPages.signIn(next, config.adminUser(), error).render();
  }

  /**
   * A local path to go back to; another site's address becomes the start page; empty when {@code
   * next} is no valid path at all (a space, a line break), which is a bad request.
   */
  static Optional<String> safe(String next) {
    String start = "/state-machines";
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return Optional.of(start);
    }
    try {
      URI uri = new URI(next);
      return Optional.of(uri.getScheme() == null && uri.getRawAuthority() == null ? next : start);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Response badNext() {
    return Response.status(400)
        .type(MediaType.TEXT_PLAIN)
        .entity("Bad request: next must be a path on this site, without spaces or line breaks.\n")
        .build();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String address(HttpServerRequest http) {
    return http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
  }
}
