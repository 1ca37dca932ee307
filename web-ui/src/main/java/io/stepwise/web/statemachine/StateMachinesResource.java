package io.stepwise.web.statemachine;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionStatisticsService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.MachineActivity;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.page.Paths;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /**
     * @param sort the order ({@link MachineSort#key})
     * @param filter the text names are filtered by ("" for none)
     * @param filterQuery the same, encoded for a URL's query
     */
    static native TemplateInstance list(
        List<MachineRow> machines,
        String sort,
        String filter,
        String filterQuery,
        String name,
        String type,
        String draft,
        DefinitionCheck check);

    static native TemplateInstance machine(MachinePage page);

    static native TemplateInstance diagnostics(DefinitionCheck check);
  }

  private final StateMachineService machines;
  private final ExecutionService executions;
  private final StateMachineCatalog catalog;
  private final DefinitionDrawings drawings;
  private final ExecutionStatisticsService statistics;

  public StateMachinesResource(
      StateMachineService machines,
      ExecutionService executions,
      StateMachineCatalog catalog,
      DefinitionDrawings drawings,
      ExecutionStatisticsService statistics) {
    this.machines = machines;
    this.executions = executions;
    this.catalog = catalog;
    this.drawings = drawings;
    this.statistics = statistics;
  }

  /**
   * The list: per machine the newest execution, the last day's success rate and the running count
   * (one {@link ExecutionStatisticsService#activity} call for all), sorted by {@code sort} and
   * narrowed to names containing {@code q} (any case).
   */
  @GET
  public TemplateInstance list(@QueryParam("sort") String sort, @QueryParam("q") String q) {
    return listPage(
        MachineSort.named(sort),
        q == null ? "" : q.trim(),
        "",
        "STANDARD",
        "",
        DefinitionCheck.NONE);
  }

  private TemplateInstance listPage(
      MachineSort sort,
      String filter,
      String name,
      String type,
      String draft,
      DefinitionCheck check) {
    Map<String, MachineActivity> activity =
        statistics.activity(Instant.now().minus(Duration.ofDays(1)));
    String wanted = filter.toLowerCase(Locale.ROOT);
    List<MachineRow> rows =
        catalog.all().stream()
            .filter(m -> m.name().toLowerCase(Locale.ROOT).contains(wanted))
            .map(m -> new MachineRow(m, activity.get(m.arn())))
            .sorted(sort.order())
            .toList();
    return Templates.list(rows, sort.key(), filter, Paths.encode(filter), name, type, draft, check);
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
        .entity(
            listPage(
                MachineSort.NAME,
                "",
                name == null ? "" : name,
                kind.name(),
                text == null ? "" : text,
                check))
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
