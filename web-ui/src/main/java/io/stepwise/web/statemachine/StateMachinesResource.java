package io.stepwise.web.statemachine;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.StateMachineSummary;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.page.Paths;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The state machine pages: the list with the create form, one machine, validation as typed. */
@Path("/state-machines")
@Produces(MediaType.TEXT_HTML)
public class StateMachinesResource {
  /** How many of a machine's latest executions the list tallies by status. */
  static final int RECENT = 20;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        List<MachineRow> machines, String name, String type, String draft, DefinitionCheck check);

    static native TemplateInstance machine(MachinePage page);

    static native TemplateInstance diagnostics(DefinitionCheck check);
  }

  private final StateMachineService machines;
  private final ExecutionService executions;
  private final StateMachineCatalog catalog;
  private final DefinitionDrawings drawings;

  public StateMachinesResource(
      StateMachineService machines,
      ExecutionService executions,
      StateMachineCatalog catalog,
      DefinitionDrawings drawings) {
    this.machines = machines;
    this.executions = executions;
    this.catalog = catalog;
    this.drawings = drawings;
  }

  @GET
  public TemplateInstance list() {
    return listPage("", "STANDARD", "", DefinitionCheck.NONE);
  }

  private TemplateInstance listPage(String name, String type, String draft, DefinitionCheck check) {
    List<MachineRow> rows = catalog.all().stream().map(this::row).toList();
    return Templates.list(rows, name, type, draft, check);
  }

  private MachineRow row(StateMachineSummary s) {
    Map<String, Integer> recent = new TreeMap<>();
    try {
      for (ExecutionSummary e :
          executions
              .list(new ExecutionQuery(s.arn(), null, null, null, null, RECENT, null))
              .items()) {
        recent.merge(e.status().name(), 1, Integer::sum);
      }
    } catch (ServiceException e) {
      // Express machines have no listable executions (StateMachineTypeNotSupported).
    }
    return new MachineRow(
        s,
        recent.entrySet().stream()
            .map(e -> new MachineRow.Tally(e.getKey(), e.getValue()))
            .toList());
  }

  /** Creates a machine from a pasted or uploaded definition. */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response create(
      @RestForm String name,
      @RestForm String type,
      @RestForm String definition,
      @RestForm("file") FileUpload file) {
    String text = definition;
    if (file != null && file.size() > 0) text = read(file);
    StateMachineType kind =
        "EXPRESS".equals(type) ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
    DefinitionCheck check = DefinitionCheck.of(text, kind);
    if (check.ok()) {
      try {
        StateMachineDetail created = machines.create(name == null ? "" : name.trim(), text, kind);
        return Response.seeOther(URI.create(Paths.stateMachine(created.name()))).build();
      } catch (ServiceException e) {
        check = check.refused(e.code() + ": " + e.getMessage());
      }
    } else if (!check.checked()) {
      check = check.refused("A definition is needed: paste it or choose a file.");
    }
    return Response.status(400)
        .entity(listPage(name == null ? "" : name, kind.name(), text == null ? "" : text, check))
        .build();
  }

  private static String read(FileUpload file) {
    try {
      return Files.readString(file.uploadedFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Validates a definition as it is typed (htmx): the diagnostics fragment. */
  @POST
  @Path("/validate")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public TemplateInstance validate(@RestForm String definition, @RestForm String type) {
    StateMachineType kind =
        "EXPRESS".equals(type) ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
    return Templates.diagnostics(DefinitionCheck.of(definition, kind));
  }

  @GET
  @Path("/{name}")
  public TemplateInstance machine(@PathParam("name") String name) {
    StateMachineDetail machine = catalog.byName(name);
    return Templates.machine(page(machine, machine.definition(), DefinitionCheck.NONE));
  }

  private MachinePage page(StateMachineDetail machine, String draft, DefinitionCheck check) {
    PaintedGraph graph =
        PaintedGraph.paint(drawings.of(machine.definition(), machine.parsed()), Map.of());
    List<ExecutionSummary> latest;
    try {
      latest =
          executions
              .list(new ExecutionQuery(machine.arn(), null, null, null, null, RECENT, null))
              .items();
    } catch (ServiceException e) {
      latest = List.of();
    }
    return new MachinePage(machine, graph, latest, draft, check);
  }

  /** Replaces the definition. */
  @POST
  @Path("/{name}")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public Response update(@PathParam("name") String name, @RestForm String definition) {
    StateMachineDetail machine = catalog.byName(name);
    DefinitionCheck check = DefinitionCheck.of(definition, machine.type());
    if (check.ok()) {
      try {
        machines.update(machine.arn(), definition);
        return Response.seeOther(URI.create(Paths.stateMachine(name))).build();
      } catch (ServiceException e) {
        check = check.refused(e.code() + ": " + e.getMessage());
      }
    } else if (!check.checked()) {
      check = check.refused("A definition is needed.");
    }
    return Response.status(400)
        .entity(Templates.machine(page(machine, definition == null ? "" : definition, check)))
        .build();
  }
}
