package io.stepwise.web.lineage;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.web.execution.ExecutionViews;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** The redrive preview: from which state the execution will go on; confirming posts the redrive. */
@Path("/executions/{executionArn}/redrive-preview")
@Produces(MediaType.TEXT_HTML)
public class RedrivePreviewResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance preview(RedrivePreview preview);
  }

  private final ExecutionViews views;

  public RedrivePreviewResource(ExecutionViews views) {
    this.views = views;
  }

  @GET
  public TemplateInstance preview(@PathParam("executionArn") String executionArn) {
    return Templates.preview(RedrivePreview.of(views.view(executionArn, Instant.now())));
  }
}
