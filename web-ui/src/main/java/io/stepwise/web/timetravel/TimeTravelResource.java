package io.stepwise.web.timetravel;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The time-travel panel's fragment: the execution right after the event the slider is on. */
@Path("/executions/{executionArn}/moment")
@Produces(MediaType.TEXT_HTML)
public class TimeTravelResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance moment(Moment moment);
  }

  private final Moments moments;

  public TimeTravelResource(Moments moments) {
    this.moments = moments;
  }

  /** {@code event} beyond the history (or absent) means the latest event. */
  @GET
  public TemplateInstance moment(
      @PathParam("executionArn") String executionArn,
      @QueryParam("event") @DefaultValue("9223372036854775807") long event) {
    return Templates.moment(moments.at(executionArn, event));
  }
}
