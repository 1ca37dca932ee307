package io.stepwise.web.trigger;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.page.PageRefusals;
import io.stepwise.web.page.Paths;
import io.stepwise.web.statemachine.StateMachineCatalog;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;

/**
 * A state machine's webhook triggers: the list on the machine page (a fragment), creating one (its
 * URL and secret shown on a page of their own, once, not cached), rotating its secret and deleting
 * it. The server's page guard asks for the editor role on the machine for every POST; the service
 * asks again where it resolves the trigger.
 */
@Path("/state-machines/{name}/triggers")
@Produces(MediaType.TEXT_HTML)
public class TriggersResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance triggers(
        StateMachineDetail machine, String base, List<MachineTriggers.Trigger> triggers);

    static native TemplateInstance secret(
        StateMachineDetail machine, String base, MachineTriggers.WithSecret made, boolean rotated);
  }

  private final StateMachineCatalog catalog;
  private final Instance<MachineTriggers> triggers;
  private final PageRefusals refusals;

  public TriggersResource(
      StateMachineCatalog catalog, Instance<MachineTriggers> triggers, PageRefusals refusals) {
    this.catalog = catalog;
    this.triggers = triggers;
    this.refusals = refusals;
  }

  /** The machine page's triggers section. */
  @GET
  public TemplateInstance list(@PathParam("name") String name, @Context UriInfo uri) {
    StateMachineDetail machine = catalog.byName(name);
    String base = Paths.stateMachine(name);
    if (!triggers.isResolvable()) return Templates.triggers(machine, base, List.of());
    return Templates.triggers(machine, base, triggers.get().of(machine.arn(), baseUrl(uri)));
  }

  @POST
  public Response create(
      @PathParam("name") String name,
      @FormParam("triggerName") String triggerName,
      @FormParam("qualifier") String qualifier,
      @FormParam("auth") String auth,
      @FormParam("inputFormat") String inputFormat,
      @FormParam("idempotencyKeyPath") String keyPath,
      @Context UriInfo uri) {
    StateMachineDetail machine = catalog.byName(name);
    String target =
        qualifier == null || qualifier.isBlank()
            ? machine.arn()
            : machine.arn() + ":" + qualifier.strip();
    return shown(
        machine,
        name,
        false,
        () ->
            service()
                .create(
                    new MachineTriggers.Spec(triggerName, target, auth, inputFormat, keyPath),
                    baseUrl(uri)));
  }

  @POST
  @Path("/{id}/rotate")
  public Response rotate(
      @PathParam("name") String name, @PathParam("id") String id, @Context UriInfo uri) {
    StateMachineDetail machine = catalog.byName(name);
    return shown(machine, name, true, () -> service().rotate(id, baseUrl(uri)));
  }

  @POST
  @Path("/{id}/delete")
  public Response delete(@PathParam("name") String name, @PathParam("id") String id) {
    catalog.byName(name);
    String back = back(name);
    try {
      service().delete(id);
      return Response.seeOther(URI.create(back)).build();
    } catch (ServiceException e) {
      return refusals.of(e, back);
    }
  }

  /** The page that shows a secret once: never cached, never shown again. */
  private Response shown(
      StateMachineDetail machine,
      String name,
      boolean rotated,
      java.util.function.Supplier<MachineTriggers.WithSecret> change) {
    try {
      MachineTriggers.WithSecret made = change.get();
      return Response.ok(Templates.secret(machine, Paths.stateMachine(name), made, rotated))
          .header("Cache-Control", "no-store")
          .build();
    } catch (ServiceException e) {
      return refusals.of(e, back(name));
    }
  }

  private static String back(String name) {
    return Paths.stateMachine(name) + "#triggers";
  }

  /** Where senders reach this server, as the request came in (proxy headers honoured). */
  private static String baseUrl(UriInfo uri) {
    String base = uri.getBaseUri().toString();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private MachineTriggers service() {
    if (!triggers.isResolvable()) throw new NotFoundException("This server keeps no triggers");
    return triggers.get();
  }
}
