package io.stepwise.web.statemachine;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A state machine's versions and aliases: the list on the machine page (a fragment), publishing the
 * current definition, moving an alias or splitting its weights between two versions, and one
 * version's page with its frozen definition and graph.
 */
@Path("/state-machines/{name}")
@Produces(MediaType.TEXT_HTML)
public class VersionsResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance versions(
        StateMachineDetail machine,
        String base,
        List<MachineVersions.Version> versions,
        List<MachineVersions.Alias> aliases);

    static native TemplateInstance version(
        StateMachineDetail machine,
        String base,
        MachineVersions.Version version,
        String definition,
        PaintedGraph graph);

    static native TemplateInstance refused(String message, String back);
  }

  private final StateMachineCatalog catalog;
  private final Instance<MachineVersions> versions;
  private final DefinitionDrawings drawings;

  public VersionsResource(
      StateMachineCatalog catalog,
      Instance<MachineVersions> versions,
      DefinitionDrawings drawings) {
    this.catalog = catalog;
    this.versions = versions;
    this.drawings = drawings;
  }

  /** The machine page's versions and aliases section. */
  @GET
  @Path("/versions")
  public TemplateInstance list(@PathParam("name") String name) {
    StateMachineDetail machine = catalog.byName(name);
    String base = Paths.stateMachine(name);
    if (!versions.isResolvable()) return Templates.versions(machine, base, List.of(), List.of());
    MachineVersions v = versions.get();
    return Templates.versions(machine, base, v.versions(machine.arn()), v.aliases(machine.arn()));
  }

  @GET
  @Path("/versions/{number}")
  public TemplateInstance version(@PathParam("name") String name, @PathParam("number") int number) {
    StateMachineDetail machine = catalog.byName(name);
    MachineVersions.Version version =
        service()
            .version(machine.arn(), number)
            .orElseThrow(() -> new NotFoundException("No version " + number + " of " + name));
    PaintedGraph graph;
    try {
      graph =
          PaintedGraph.paint(
              drawings.of(
                  version.definition(),
                  DefinitionParser.parse(Json.parseTrusted(version.definition()))),
              Map.of());
    } catch (DefinitionException e) {
      graph = null; // published before a validator change: the text is still shown
    }
    return Templates.version(
        machine, Paths.stateMachine(name), version, PrettyJson.of(version.definition()), graph);
  }

  /** PublishStateMachineVersion of the current definition. */
  @POST
  @Path("/versions")
  public Response publish(
      @PathParam("name") String name, @FormParam("description") String description) {
    StateMachineDetail machine = catalog.byName(name);
    return act(
        name,
        () ->
            service()
                .publish(
                    machine.arn(),
                    description == null || description.isBlank() ? null : description.strip()));
  }

  /**
   * UpdateStateMachineAlias's routing: all starts to {@code version}, or {@code weight} percent to
   * it and the rest to {@code otherVersion}.
   */
  @POST
  @Path("/aliases/{alias}")
  public Response route(
      @PathParam("name") String name,
      @PathParam("alias") String alias,
      @FormParam("version") String version,
      @FormParam("weight") String weight,
      @FormParam("otherVersion") String otherVersion) {
    StateMachineDetail machine = catalog.byName(name);
    return act(
        name,
        () -> {
          int first = number("Version", version);
          Integer share = blank(weight) ? null : number("Weight", weight);
          Integer second = blank(otherVersion) ? null : number("The other version", otherVersion);
          List<MachineVersions.Route> routes = new ArrayList<>();
          if (second == null || second == first || share == null || share >= 100) {
            routes.add(new MachineVersions.Route(first, 100));
          } else {
            routes.add(new MachineVersions.Route(first, share));
            routes.add(new MachineVersions.Route(second, 100 - share));
          }
          service().route(machine.arn() + ":" + alias, routes);
        });
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static int number(String field, String value) {
    try {
      return Integer.parseInt(value == null ? "" : value.strip());
    } catch (NumberFormatException e) {
      throw new ServiceException(
          "ValidationException", field + " must be a whole number, not '" + value + "'");
    }
  }

  private Response act(String name, Runnable change) {
    String back = Paths.stateMachine(name) + "#versions";
    try {
      change.run();
      return Response.seeOther(URI.create(back)).build();
    } catch (ServiceException e) {
      int status = e.code().equals("AccessDeniedException") ? 403 : 400;
      return Response.status(status)
          .entity(Templates.refused(e.code() + ": " + e.getMessage(), back))
          .build();
    }
  }

  private MachineVersions service() {
    if (!versions.isResolvable()) throw new NotFoundException("This server keeps no versions");
    return versions.get();
  }
}
