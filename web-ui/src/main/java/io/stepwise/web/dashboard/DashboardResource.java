package io.stepwise.web.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.service.ExecutionStatisticsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * The dashboard (issue 23): of every machine the viewer sees at {@code /dashboard} (which {@code
 * GET /} shows, see {@link io.stepwise.web.page.RootRedirect}), of one machine at {@code
 * /state-machines/{name}/dashboard}; {@code ?window=hour|day|week}. Its running-now part is fetched
 * again every few seconds.
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance dashboard(Dashboard dashboard);

    static native TemplateInstance live(Dashboard dashboard);
  }

  private final ExecutionStatisticsService statistics;

  public DashboardResource(ExecutionStatisticsService statistics) {
    this.statistics = statistics;
  }

  @GET
  public TemplateInstance all(@QueryParam("window") String window) {
    return Templates.dashboard(dashboard(Window.named(window), null, null));
  }

  @GET
  @Path("/live")
  public TemplateInstance allLive(@QueryParam("window") String window) {
    return Templates.live(dashboard(Window.named(window), null, null));
  }

  /** The dashboard over the window, of one machine ({@code name} and {@code arn}) or all. */
  Dashboard dashboard(Window window, String name, String arn) {
    Instant now = Instant.now();
    return new Dashboard(
        window,
        name,
        statistics.statistics(arn, window.since(now), window.until(now), window.bucket()),
        now);
  }
}
