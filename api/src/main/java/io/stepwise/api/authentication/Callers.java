package io.stepwise.api.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns what a request proves into a {@link Caller}: an OpenID Connect identity (roles from the
 * access token's realm and client roles, mapped by {@code stepwise.security.roles.*}; teams from
 * the groups claim) or a local session cookie. Never blocks.
 */
@ApplicationScoped
public class Callers {
  private final SecurityConfig config;
  private final LocalSessions sessions;

  public Callers(SecurityConfig config, LocalSessions sessions) {
    this.config = config;
    this.sessions = sessions;
  }

  /** Whether sign-in goes through an OpenID Connect provider (else the local admin). */
  public static boolean sso() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class)
        .orElse(false);
  }

  /**
   * Who calls the services now: the caller a guard authenticated for this request; the server
   * itself ({@link Caller#SYSTEM}) while security is off and outside any request (the runtime's own
   * work). A request that no guard identified is anonymous: refused, never trusted.
   */
  public Caller current() {
    return config.enabled() ? CurrentCaller.ofThisThread() : Caller.SYSTEM;
  }

  /** The caller of a request with this identity and local session cookie (either may be null). */
  public Caller of(SecurityIdentity identity, String sessionCookie, String address) {
    if (identity != null && !identity.isAnonymous()) return fromToken(identity, address);
    if (sessionCookie != null && !sso()) {
      return sessions
          .user(sessionCookie)
          .map(
              user ->
                  new Caller(user, Caller.Kind.LOCAL, EnumSet.of(Role.ADMIN), Set.of(), address))
          .orElse(Caller.ANONYMOUS.from(address));
    }
    return Caller.ANONYMOUS.from(address);
  }

  private Caller fromToken(SecurityIdentity identity, String address) {
    List<JsonNode> claims = new ArrayList<>();
    AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
    if (access != null) claims.add(payload(access.getToken()));
    JsonWebToken principal = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
    if (principal != null && principal.getRawToken() != null) {
      claims.add(payload(principal.getRawToken()));
    }
    String clientId =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.oidc.client-id", String.class)
            .orElse("");
    Set<String> tokenRoles = new HashSet<>();
    Set<String> teams = new HashSet<>();
    String name = identity.getPrincipal().getName();
    String email = null;
    for (JsonNode c : claims) {
      texts(c.path("realm_access").path("roles"), tokenRoles);
      texts(c.path("resource_access").path(clientId).path("roles"), tokenRoles);
      texts(c.path("roles"), tokenRoles);
      for (JsonNode g : c.path(config.teamsClaim())) {
        String t = g.asText();
        teams.add(t.startsWith("/") ? t.substring(1) : t);
      }
      if (c.hasNonNull("preferred_username")) name = c.get("preferred_username").asText();
      // Only an address the provider verified may stand for the person (approvals' To).
      if (c.path("email_verified").asBoolean(false) && c.hasNonNull("email")) {
        email = c.get("email").asText();
      }
    }
    return new Caller(name, Caller.Kind.OIDC, map(tokenRoles), teams, address, email);
  }

  /** The Stepwise roles that these token roles grant. */
  Set<Role> map(Set<String> tokenRoles) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    SecurityConfig.Roles r = config.roles();
    if (tokenRoles.stream().anyMatch(r.viewer()::contains)) roles.add(Role.VIEWER);
    if (tokenRoles.stream().anyMatch(r.operator()::contains)) roles.add(Role.OPERATOR);
    if (tokenRoles.stream().anyMatch(r.approver()::contains)) roles.add(Role.APPROVER);
    if (tokenRoles.stream().anyMatch(r.editor()::contains)) roles.add(Role.EDITOR);
    if (tokenRoles.stream().anyMatch(r.admin()::contains)) roles.add(Role.ADMIN);
    return roles;
  }

  private static void texts(JsonNode array, Set<String> into) {
    if (array.isArray()) for (JsonNode n : array) into.add(n.asText());
  }

  /** The claims of a JWT that Quarkus OIDC has already verified. */
  private static JsonNode payload(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      if (parts.length < 2) return Json.object();
      return Json.parse(
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (Exception e) {
      return Json.object(); // an opaque token: no claims to read
    }
  }
}
