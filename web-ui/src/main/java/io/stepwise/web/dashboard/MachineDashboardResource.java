package io.stepwise.web.dashboard;

import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.statemachine.StateMachineCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * One state machine's dashboard, {@code /state-machines/{name}/dashboard?window=...} (a class of
 * its own: JAX-RS picks a root class by its path before looking at methods).
 */
@Path("/state-machines/{name}/dashboard")
@Produces(MediaType.TEXT_HTML)
public class MachineDashboardResource {
  private final DashboardResource dashboards;
  private final StateMachineCatalog catalog;

  public MachineDashboardResource(DashboardResource dashboards, StateMachineCatalog catalog) {
    this.dashboards = dashboards;
    this.catalog = catalog;
  }

  @GET
  public TemplateInstance page(
      @PathParam("name") String name, @QueryParam("window") String window) {
    return DashboardResource.Templates.dashboard(dashboard(name, window));
  }

  @GET
  @Path("/live")
  public TemplateInstance live(
      @PathParam("name") String name, @QueryParam("window") String window) {
    return DashboardResource.Templates.live(dashboard(name, window));
  }

  private Dashboard dashboard(String name, String window) {
    StateMachineDetail machine = catalog.byName(name);
    return dashboards.dashboard(Window.named(window), name, machine.arn());
  }
}
