package io.stepwise.web.page;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Stands in for the server's page guard in this module's tests: a request with {@code X-Test-User:
 * name:role,role} runs as that user with those roles.
 */
public class TestSignIn {
  @ServerRequestFilter
  public void signIn(ContainerRequestContext ctx) {
    String header = ctx.getHeaderString("X-Test-User");
    if (header == null) return;
    String[] parts = header.split(":", 2);
    Set<String> roles = Set.of(parts.length > 1 ? parts[1].split(",") : new String[0]);
    ctx.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return () -> parts[0];
          }

          @Override
          public boolean isUserInRole(String role) {
            return roles.contains(role);
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
}
