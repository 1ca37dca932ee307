package io.stepwise.web.page;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A service's refusal as a page: the error's name and message in the app's layout with the way
 * back, with the HTTP status the JSON API would answer (403 not allowed, 404 unknown or another
 * team's, 409 conflict, 400 anything else the caller got wrong).
 */
@ApplicationScoped
public class PageRefusals {
  private final Template refused;

  public PageRefusals(@Location("ExecutionsResource/refused.html") Template refused) {
    this.refused = refused;
  }

  public Response of(ServiceException e, String back) {
    return Response.status(status(e.code()))
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(
            refused.data("message", e.code() + ": " + e.getMessage()).data("back", back).render())
        .build();
  }

  static int status(String code) {
    return switch (code) {
      case "AccessDeniedException" -> 403;
      case "ResourceNotFound" -> 404;
      case "ConflictException" -> 409;
      default -> code.endsWith("DoesNotExist") ? 404 : 400;
    };
  }
}
