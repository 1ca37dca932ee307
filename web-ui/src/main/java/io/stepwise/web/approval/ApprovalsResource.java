package io.stepwise.web.approval;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The approvals page: a placeholder until the approvals issue fills it. */
@Path("/approvals")
public class ApprovalsResource {
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list();
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance list() {
    return Templates.list();
  }
}
