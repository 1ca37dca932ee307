package io.stepwise.web.page;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Sends a browser asking for {@code /} to the executions list. A pre-matching filter rather than a
 * resource, because the server's AWS JSON endpoint owns {@code POST /}; only GET is redirected.
 */
public class RootRedirect {
  @ServerRequestFilter(preMatching = true)
  public Response redirect(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if ("GET".equals(request.getMethod()) && ("/".equals(path) || path.isEmpty())) {
      return Response.seeOther(URI.create("/executions")).build();
    }
    return null;
  }
}
