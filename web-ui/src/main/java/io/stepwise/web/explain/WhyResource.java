package io.stepwise.web.explain;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The "why did it go there" fragment for one state entry (its StateEntered event). */
@Path("/executions/{executionArn}/why")
@Produces(MediaType.TEXT_HTML)
public class WhyResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance why(Why why);
  }

  private final Whys whys;

  public WhyResource(Whys whys) {
    this.whys = whys;
  }

  @GET
  public TemplateInstance why(
      @PathParam("executionArn") String executionArn, @QueryParam("event") long event) {
    return Templates.why(whys.explain(executionArn, event));
  }
}
