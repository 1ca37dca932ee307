package io.stepwise.approvals;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Signs a test request in as the server's page guard would: it fills the JAX-RS security context,
 * the one thing this module reads about the user. Headers {@value #USER} (the name), {@value
 * #GROUPS} (comma-separated groups or roles) and {@value #ADDRESSES} (verified mail addresses: the
 * principal is then an {@link ApproverPrincipal}). Requests without them are anonymous.
 */
public class TestSignIn {
  public static final String USER = "X-Test-User";
  public static final String GROUPS = "X-Test-Groups";
  public static final String ADDRESSES = "X-Test-Addresses";

  record AddressedUser(String name, Set<String> verifiedAddresses) implements ApproverPrincipal {
    @Override
    public String getName() {
      return name;
    }
  }

  @ServerRequestFilter
  public void signIn(ContainerRequestContext ctx) {
    String user = ctx.getHeaderString(USER);
    if (user == null || user.isBlank()) return;
    Set<String> groups = split(ctx.getHeaderString(GROUPS));
    String addresses = ctx.getHeaderString(ADDRESSES);
    Principal principal =
        addresses == null ? () -> user : new AddressedUser(user, split(addresses));
    ctx.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }

          @Override
          public boolean isUserInRole(String role) {
            return groups.contains(role);
          }

          @Override
          public boolean isSecure() {
            return false;
          }

          @Override
          public String getAuthenticationScheme() {
            return "TEST";
          }
        });
  }

  private static Set<String> split(String csv) {
    if (csv == null || csv.isBlank()) return Set.of();
    return Arrays.stream(csv.split(",")).map(String::strip).collect(Collectors.toSet());
  }
}
