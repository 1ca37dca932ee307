package io.stepwise.web.page;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

/**
 * Who is looking at a page, for the header and for hiding buttons, read from the JAX-RS {@link
 * SecurityContext} the server's page guard fills in (so this module knows no security classes).
 * Templates use it as {@code inject:viewer}; outside a request (an SSE update) it knows nobody.
 * With no signed-in user everything is offered: either security is off, or the guard has already
 * sent the browser to sign in.
 */
@Singleton
@Named("viewer")
public class Viewer {
  // Read, not declared: the server declares and documents the setting; alone this module has none.
  private final boolean securityEnabled =
      ConfigProvider.getConfig()
          .getOptionalValue("stepwise.security.enabled", Boolean.class)
          .orElse(false);

  private SecurityContext context() {
    var request = CurrentRequestManager.get();
    return request == null ? null : request.getSecurityContext();
  }

  /** The signed-in user's name, or empty. */
  public String name() {
    SecurityContext c = context();
    Principal p = c == null ? null : c.getUserPrincipal();
    return p == null || p.getName() == null ? "" : p.getName();
  }

  public boolean signedIn() {
    return !name().isEmpty();
  }

  /** Whether to offer a sign-in link: security is on and nobody is signed in. */
  public boolean offerSignIn() {
    return securityEnabled && !signedIn();
  }

  /** The CSRF token of this page's session, for the layout's meta tag (see {@link CsrfToken}). */
  public String csrfToken() {
    return CsrfToken.current();
  }

  /**
   * Whether the user holds {@code role} (viewer, operator, editor, ...), or nobody is signed in.
   */
  public boolean may(String role) {
    SecurityContext c = context();
    if (c == null || c.getUserPrincipal() == null) return true;
    return c.isUserInRole(role);
  }
}
