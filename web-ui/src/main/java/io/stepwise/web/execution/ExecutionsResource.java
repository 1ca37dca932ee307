package io.stepwise.web.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineSummary;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PayloadLimits;
import io.stepwise.web.statemachine.StateMachineCatalog;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** The executions pages: the list, one execution, its history windows and state panels, actions. */
@Path("/executions")
@Produces(MediaType.TEXT_HTML)
public class ExecutionsResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(ExecutionList list);

    static native TemplateInstance page(
        ExecutionView view, HistoryPage history, List<ExecutionNote> notes);

    static native TemplateInstance notes(List<ExecutionNote> notes);

    static native TemplateInstance graph(ExecutionView view);

    /**
     * @param mayOperate whether to offer stop and redrive (read in the page's request: a live
     *     update has no request of its own)
     */
    static native TemplateInstance summary(ExecutionView view, boolean mayOperate);

    static native TemplateInstance timeline(ExecutionView view);

    static native TemplateInstance events(HistoryPage history);

    static native TemplateInstance rows(List<HistoryRow> rows);

    static native TemplateInstance state(StateDetail detail);

    static native TemplateInstance iteration(IterationDetail iteration);

    static native TemplateInstance start(StartForm form);

    static native TemplateInstance inputCheck(String error);

    static native TemplateInstance refused(String message, String back);
  }

  private static final Logger LOG = Logger.getLogger(ExecutionsResource.class);

  private final ExecutionService executions;
  private final ExecutionViews views;
  private final StateMachineCatalog catalog;
  private final Instance<ExecutionNotes> noteProviders;

  public ExecutionsResource(
      ExecutionService executions,
      ExecutionViews views,
      StateMachineCatalog catalog,
      Instance<ExecutionNotes> noteProviders) {
    this.executions = executions;
    this.views = views;
    this.catalog = catalog;
    this.noteProviders = noteProviders;
  }

  /**
   * The list and search: a keyset page of 50 with the filters ({@link ExecutionFilter}; {@code
   * prefix} is the name prefix's earlier parameter, kept for old bookmarks). {@code back} holds the
   * page tokens of the pages before this one ({@value ExecutionList#FIRST} for the first), so
   * "Previous" works on keyset pages; {@code at} is the position of this page's first row.
   */
  @GET
  public TemplateInstance list(
      @QueryParam("status") String status,
      @QueryParam("stateMachine") String stateMachine,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("name") String name,
      @QueryParam("prefix") String prefix,
      @QueryParam("error") String error,
      @QueryParam("cause") String cause,
      @QueryParam("input") String input,
      @QueryParam("output") String output,
      @QueryParam("page") String page,
      @QueryParam("back") List<String> back,
      @QueryParam("at") @DefaultValue("0") int at) {
    ExecutionFilter filter =
        new ExecutionFilter(
            status,
            stateMachine,
            from,
            to,
            name == null ? prefix : name,
            error,
            cause,
            input,
            output,
            page);
    List<StateMachineSummary> machines = catalog.all();
    String machineArn = catalog.filterArn(stateMachine);
    Page<ExecutionSummary> result;
    Page<ExecutionSummary> counted;
    String problem = null;
    try {
      result = executions.list(filter.query(machineArn));
      counted = executions.list(filter.count(machineArn));
    } catch (ServiceException e) {
      result = new Page<>(List.of(), null);
      counted = result;
      if (!e.code().equals("InvalidArn")) problem = e.getMessage();
    }
    List<ExecutionList.Row> rows = result.items().stream().map(this::row).toList();
    return Templates.list(
        ExecutionList.of(
            rows,
            filter,
            machines,
            result.nextToken(),
            back == null ? List.of() : back,
            Math.max(0, at),
            counted.items().size(),
            counted.nextToken() != null,
            problem));
  }

  /** A list row: failed, timed-out and aborted executions say their error. */
  private ExecutionList.Row row(ExecutionSummary s) {
    return ExecutionList.Row.of(s, executions);
  }

  @GET
  @Path("/new")
  public TemplateInstance newForm(
      @QueryParam("stateMachine") String stateMachineArn, @QueryParam("from") String from) {
    String input = "{}";
    String machine = stateMachineArn;
    if (from != null && !from.isBlank()) {
      ExecutionDetail previous = views.detail(from);
      input = io.stepwise.web.page.PrettyJson.of(previous.input());
      machine = previous.summary().stateMachineArn();
    }
    return Templates.start(
        new StartForm(catalog.all(), machine, "", input == null ? "{}" : input, null));
  }

  @POST
  @Produces(MediaType.TEXT_HTML)
  public Response start(
      @FormParam("stateMachineArn") String stateMachineArn,
      @FormParam("name") String name,
      @FormParam("input") String input) {
    String problem = inputProblem(input);
    if (problem == null) {
      try {
        ExecutionSummary started =
            executions.start(
                stateMachineArn, name == null || name.isBlank() ? null : name.trim(), input);
        return Response.seeOther(URI.create(Paths.execution(started.executionArn()))).build();
      } catch (ServiceException e) {
        problem = ExecutionViews.message(e);
      }
    }
    return Response.status(400)
        .entity(
            Templates.start(
                new StartForm(
                    catalog.all(),
                    stateMachineArn,
                    name == null ? "" : name,
                    input == null ? "" : input,
                    problem)))
        .build();
  }

  /** Checks execution input as it is typed (htmx), so bad JSON is caught before it is sent. */
  @POST
  @Path("/input-check")
  public TemplateInstance inputCheck(@FormParam("input") String input) {
    return Templates.inputCheck(inputProblem(input));
  }

  /** Why the input is too large or not a JSON value, or null when it is fine. */
  public static String inputProblem(String input) {
    if (input == null || input.isBlank()) return null;
    String tooLarge = PayloadLimits.inputProblem(input);
    if (tooLarge != null) return tooLarge;
    try {
      Json.parse(input);
      return null;
    } catch (JsonProcessingException e) {
      return "Input is not JSON: "
          + e.getOriginalMessage()
          + " (line "
          + e.getLocation().getLineNr()
          + ", column "
          + e.getLocation().getColumnNr()
          + ")";
    }
  }

  @GET
  @Path("/{executionArn}")
  public TemplateInstance page(
      @PathParam("executionArn") String executionArn,
      @QueryParam("after") @DefaultValue("0") long after) {
    ExecutionView view = views.view(executionArn, Instant.now());
    HistoryPage history =
        views.history(executionArn, after, view.eventCount(), view.summary().startDate());
    return Templates.page(view, history, notes(executionArn));
  }

  /** The notes other modules add about the execution (refreshed on the live page). */
  @GET
  @Path("/{executionArn}/notes")
  public TemplateInstance notesFragment(@PathParam("executionArn") String executionArn) {
    views.detail(executionArn); // a 404 for an execution the caller cannot see
    return Templates.notes(notes(executionArn));
  }

  private List<ExecutionNote> notes(String executionArn) {
    List<ExecutionNote> notes = new ArrayList<>();
    for (ExecutionNotes provider : noteProviders) {
      try {
        notes.addAll(provider.notes(executionArn));
      } catch (RuntimeException e) {
        LOG.warnf(e, "Execution notes from %s failed; the page shows it without them", provider);
      }
    }
    return notes;
  }

  /** A window of the history, swapped into the page by the pager. */
  @GET
  @Path("/{executionArn}/events")
  public TemplateInstance events(
      @PathParam("executionArn") String executionArn,
      @QueryParam("after") @DefaultValue("0") long after) {
    ExecutionView view = views.view(executionArn, Instant.now());
    return Templates.events(
        views.history(executionArn, after, view.eventCount(), view.summary().startDate()));
  }

  /** The panel of a clicked state. */
  @GET
  @Path("/{executionArn}/state")
  public TemplateInstance state(
      @PathParam("executionArn") String executionArn,
      @QueryParam("name") String name,
      @QueryParam("visit") @DefaultValue("0") long visit) {
    return Templates.state(views.state(executionArn, name, visit));
  }

  /** One iteration of a Map state, picked in its panel. */
  @GET
  @Path("/{executionArn}/iteration")
  public TemplateInstance iteration(
      @PathParam("executionArn") String executionArn,
      @QueryParam("map") String map,
      @QueryParam("index") @DefaultValue("0") int index) {
    return Templates.iteration(views.iteration(executionArn, map, index));
  }

  @POST
  @Path("/{executionArn}/stop")
  public Response stop(@PathParam("executionArn") String executionArn) {
    return act(
        executionArn, () -> executions.stop(executionArn, "Stopped", "Stopped from the web UI"));
  }

  @POST
  @Path("/{executionArn}/redrive")
  public Response redrive(@PathParam("executionArn") String executionArn) {
    return act(executionArn, () -> executions.redrive(executionArn));
  }

  private Response act(String executionArn, Runnable action) {
    try {
      action.run();
      return Response.seeOther(URI.create(Paths.execution(executionArn))).build();
    } catch (ServiceException e) {
      return Response.status(409)
          .entity(Templates.refused(ExecutionViews.message(e), Paths.execution(executionArn)))
          .build();
    }
  }
}
