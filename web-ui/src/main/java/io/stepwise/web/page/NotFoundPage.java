package io.stepwise.web.page;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A 404 a person can read: in the app's layout, with what was not found and the way back. Only for
 * browsers (requests that accept HTML); API clients keep the plain 404.
 */
public class NotFoundPage {
  private final Template notFound;

  public NotFoundPage(@Location("notFound.html") Template notFound) {
    this.notFound = notFound;
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, HttpHeaders headers, UriInfo uri) {
    boolean browser =
        headers.getAcceptableMediaTypes().stream()
            .anyMatch(t -> !t.isWildcardType() && t.isCompatible(MediaType.TEXT_HTML_TYPE));
    if (!browser) return Response.status(404).build();
    String message =
        e.getMessage() == null || e.getMessage().startsWith("HTTP 404") ? "" : e.getMessage();
    return Response.status(404)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(notFound.data("message", message).data("path", uri.getPath()).render())
        .build();
  }
}
