package io.stepwise.api.authentication;

import io.quarkus.security.identity.SecurityIdentity;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.caller.Role;
import io.stepwise.approvals.ApproverPrincipal;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the browser pages (web-ui, approvals and the security pages) by path: who is signed in
 * (OpenID Connect session or local session cookie), and what the {@link Authorizer} says about the
 * page's action and the ARN in its path. It also hands the caller to the JAX-RS {@link
 * SecurityContext} (approvals reads it: roles and teams answer {@code isUserInRole}). Never blocks:
 * SSE streams run their filters on the event loop.
 */
@ApplicationScoped
public class PageGuard {
  static final String CALLER = "stepwise.security.caller";
  static final String HOOKS = "/hooks/";

  @Inject SecurityConfig config;
  @Inject SecurityIdentity identity;
  @Inject Callers callers;
  @Inject Authorizer authorizer;
  @Inject CurrentCaller current;

  @Inject Arns arns;

  /** What a page needs: a permission, on a resource ARN or none; null means a public page. */
  record Need(Permission permission, String resource, String action) {}

  @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 1)
  public Response beforePage(ContainerRequestContext ctx, HttpServerRequest http) {
    if (!config.enabled()) return null;
    String path = ctx.getUriInfo().getPath();
    // The API guard's (the AWS JSON endpoint and the scheduler's routed paths), or a redirect.
    if (path.isEmpty() || path.equals("/") || ApiGuard.isSchedulerCall(path)) return null;
    // The JSON API authenticates itself (JsonApiGuard).
    if (JsonApiGuard.isJsonApi(path)) return null;
    if (path.startsWith(HOOKS)) {
      // A hook call proves its trigger's secret, and acts as the trigger: nobody signed in.
      current.set(Caller.ANONYMOUS.from(address(http)));
      return null;
    }
    Cookie cookie = http.getCookie(LocalSessions.COOKIE);
    String address = address(http);
    Caller caller = callers.of(identity, cookie == null ? null : cookie.getValue(), address);
    ctx.setProperty(CALLER, caller);
    current.set(caller);
    if (caller.signedIn()) ctx.setSecurityContext(new CallerContext(caller, ctx));
    Need need = need(ctx.getMethod(), path);
    if (need == null) return null;
    if (!caller.signedIn()) {
      if (ctx.getMethod().equals("GET")) {
        String next = path + (http.query() == null ? "" : "?" + http.query());
        return Response.seeOther(
                URI.create(
                    "/auth/login?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8)))
            .build();
      }
      return Response.status(401).type(MediaType.TEXT_PLAIN).entity("Sign in first.\n").build();
    }
    Authorizer.Decision d =
        authorizer.check(caller, need.action(), need.permission(), need.resource());
    if (d.allowed()) return null;
    return Response.status(403)
        .type(MediaType.TEXT_HTML)
        .entity(SecurityPages.notAllowed(d.reason()))
        .build();
  }

  private static String address(HttpServerRequest http) {
    return http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
  }

  /** The caller this guard found for the request (anonymous when security is off). */
  static Caller callerOf(ContainerRequestContext ctx) {
    return ctx.getProperty(CALLER) instanceof Caller c ? c : Caller.ANONYMOUS;
  }

  /** The permission and resource a page needs; null for public pages. */
  Need need(String method, String path) {
    String[] s = path.substring(1).split("/");
    boolean get = method.equals("GET") || method.equals("HEAD");
    return switch (s[0]) {
      case "state-machines" -> {
        if (s.length == 1) {
          yield get ? view(path, null) : new Need(Permission.EDIT, null, "page " + path);
        }
        if (s[1].equals("validate")) yield view(path, null);
        String arn = arns.stateMachine(decode(s[1])).toString();
        yield get ? view(path, arn) : new Need(Permission.EDIT, arn, "page " + path);
      }
      case "executions" -> {
        if (s.length > 1 && s[1].equals("bulk")) {
          // Bulk actions name many executions: each is authorized where the service resolves it
          // (a viewer's or another team's is refused one by one), so the page itself needs a
          // signed-in viewer only.
          yield view(path, null);
        }
        if (s.length == 1 || s[1].equals("new") || s[1].equals("input-check")) {
          yield get || s.length > 1
              ? view(path, null)
              : new Need(Permission.OPERATE, null, "page " + path);
        }
        String arn = decode(s[1]);
        String tail = s.length > 2 ? s[2] : "";
        boolean change = !get && !tail.equals("replay");
        yield change ? new Need(Permission.OPERATE, arn, "page " + path) : view(path, arn);
      }
      case "schedules" -> {
        if (s.length < 3) {
          // The list, the new-schedule form and the checks as typed; creating needs an editor.
          yield get || s.length > 1
              ? view(path, null)
              : new Need(Permission.EDIT, null, "page " + path);
        }
        String arn = arns.schedule(decode(s[1]), decode(s[2])).toString();
        if (get) yield view(path, arn);
        String tail = s.length > 3 ? s[3] : "";
        boolean operate = tail.equals("enable") || tail.equals("disable") || tail.equals("run");
        yield new Need(operate ? Permission.OPERATE : Permission.EDIT, arn, "page " + path);
      }
      case "activities" ->
          get ? view(path, null) : new Need(Permission.ADMIN, null, "page " + path);
      case "map-runs" -> {
        // A Map Run belongs to its state machine's team; updating it is an operator's action. Its
        // ARN holds a '/' (machine/label), which the decoded path splits: rejoin it.
        String rest = s.length > 1 ? path.substring("/map-runs/".length()) : null;
        if (rest != null && rest.endsWith("/counts")) {
          rest = rest.substring(0, rest.length() - "/counts".length());
        }
        String arn = rest == null ? null : decode(rest);
        yield get ? view(path, arn) : new Need(Permission.OPERATE, arn, "page " + path);
      }
      // Subscriptions are resolved within the caller's teams by the service; changes: editors.
      case "subscriptions" ->
          get || path.equals("/subscriptions/check")
              ? view(path, null)
              : new Need(Permission.EDIT, null, "page " + path);
      case "dashboard" -> view(path, null); // numbers of the caller's teams only
      case "approvals" -> {
        if (s.length > 1 && s[1].equals("decide")) {
          // The signed link (and its CSRF token) is the authority, whoever holds it; where the
          // approval requires sign-in, the approvals module checks the user against its To and
          // Groups.
          yield null;
        }
        if (s.length > 1 && s[1].equals("outbox"))
          yield new Need(Permission.ADMIN, null, "page " + path);
        yield new Need(Permission.APPROVE, null, "page " + path);
      }
      case "security" -> {
        if (s.length > 1 && s[1].startsWith("audit"))
          yield new Need(Permission.ADMIN, null, "page " + path);
        yield view(path, null);
      }
      default -> null;
    };
  }

  private static Need view(String path, String arn) {
    return new Need(Permission.VIEW, arn, "page " + path);
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  /**
   * The caller as a JAX-RS security context: roles and teams both answer isUserInRole; the
   * principal carries the verified mail address (approvals match it against an approval's To).
   */
  record CallerContext(Caller caller, ContainerRequestContext ctx) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return new CallerPrincipal(caller.name(), caller.email());
    }

    /** A team, or a Stepwise role the caller holds (an admin holds every role). */
    @Override
    public boolean isUserInRole(String role) {
      return caller.teams().contains(role)
          || caller.roles().stream().anyMatch(r -> r.id().equals(role))
          || (caller.isAdmin() && isRoleName(role));
    }

    private static boolean isRoleName(String name) {
      try {
        Role.of(name);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    @Override
    public boolean isSecure() {
      return ctx.getUriInfo().getRequestUri().getScheme().equals("https");
    }

    @Override
    public String getAuthenticationScheme() {
      return caller.kind() == Caller.Kind.OIDC ? "OIDC" : "FORM";
    }
  }

  /** The signed-in caller's name and verified mail address (if any). */
  record CallerPrincipal(String name, String email) implements ApproverPrincipal {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public Set<String> verifiedAddresses() {
      return email == null || email.isBlank() ? Set.of() : Set.of(email);
    }
  }
}
