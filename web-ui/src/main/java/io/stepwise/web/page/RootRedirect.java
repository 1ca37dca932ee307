package io.stepwise.web.page;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Shows a browser asking for {@code /} the dashboard ({@code /dashboard}), keeping the address
 * {@code /}. A pre-matching filter rather than a resource, because the server's AWS JSON endpoint
 * owns {@code POST /}; only GET is routed. Guards after it see the path {@code /dashboard}.
 */
public class RootRedirect {
  @ServerRequestFilter(preMatching = true)
  public Response redirect(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if ("GET".equals(request.getMethod()) && ("/".equals(path) || path.isEmpty())) {
      request.setRequestUri(request.getUriInfo().getBaseUri().resolve("dashboard"));
    }
    return null;
  }
}
