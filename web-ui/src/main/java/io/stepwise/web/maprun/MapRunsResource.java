package io.stepwise.web.maprun;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.execution.ExecutionList;
import io.stepwise.web.page.Paths;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;

/**
 * A distributed Map's Map Run page, as AWS's console has it: its children by status, the tolerated
 * failures, the children listed (50 a page, filtered by status) and UpdateMapRun's fields.
 */
@Path("/map-runs/{mapRunArn}")
@Produces(MediaType.TEXT_HTML)
public class MapRunsResource {
  static final int PAGE_SIZE = 50;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(MapRunPage page);

    static native TemplateInstance counts(MapRunPage page);
  }

  private final ExecutionService executions;
  private final Instance<MapRunService> runs;

  public MapRunsResource(ExecutionService executions, Instance<MapRunService> runs) {
    this.executions = executions;
    this.runs = runs;
  }

  @GET
  public TemplateInstance page(
      @PathParam("mapRunArn") String mapRunArn,
      @QueryParam("status") String status,
      @QueryParam("page") String page) {
    return Templates.page(read(mapRunArn, status, page, null));
  }

  /** The counts and children alone: a running Map Run's page refreshes them. */
  @GET
  @Path("/counts")
  public TemplateInstance counts(
      @PathParam("mapRunArn") String mapRunArn,
      @QueryParam("status") String status,
      @QueryParam("page") String page) {
    return Templates.counts(read(mapRunArn, status, page, null));
  }

  /** UpdateMapRun from the form; blank fields stay as they are. */
  @POST
  public Response update(
      @PathParam("mapRunArn") String mapRunArn,
      @FormParam("maxConcurrency") String maxConcurrency,
      @FormParam("toleratedFailureCount") String toleratedFailureCount,
      @FormParam("toleratedFailurePercentage") String toleratedFailurePercentage) {
    MapRunService service = service();
    try {
      service.update(
          mapRunArn,
          whole("Maximum concurrency", maxConcurrency),
          whole("Tolerated failure count", toleratedFailureCount),
          percentage(toleratedFailurePercentage));
      return Response.seeOther(URI.create(Paths.mapRun(mapRunArn))).build();
    } catch (ServiceException e) {
      int code = e.code().equals("AccessDeniedException") ? 403 : 400;
      return Response.status(code)
          .entity(Templates.page(read(mapRunArn, null, null, e.code() + ": " + e.getMessage())))
          .build();
    }
  }

  private MapRunPage read(String mapRunArn, String status, String page, String refusal) {
    MapRunDetail run =
        service()
            .describe(mapRunArn)
            .orElseThrow(() -> new NotFoundException("No Map Run " + mapRunArn));
    ExecutionStatus childStatus = status(status);
    Page<ExecutionSummary> children =
        executions.list(
            ExecutionQuery.ofMapRun(
                run.arn(), childStatus, PAGE_SIZE, page == null || page.isBlank() ? null : page));
    String filter = childStatus == null ? "" : childStatus.name();
    String base = Paths.mapRun(run.arn()) + "?status=" + Paths.encode(filter);
    return new MapRunPage(
        run,
        children.items().stream().map(this::row).toList(),
        filter,
        children.nextToken() == null ? null : base + "&page=" + Paths.encode(children.nextToken()),
        page == null || page.isBlank() ? null : base,
        refusal);
  }

  private ExecutionList.Row row(ExecutionSummary s) {
    return ExecutionList.Row.of(s, executions);
  }

  private MapRunService service() {
    if (!runs.isResolvable()) throw new NotFoundException("This server keeps no Map Runs");
    return runs.get();
  }

  private static final Set<String> STATUSES =
      Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

  private static ExecutionStatus status(String value) {
    return value == null || !STATUSES.contains(value) ? null : ExecutionStatus.valueOf(value);
  }

  private static Integer whole(String field, String value) {
    if (value == null || value.isBlank()) return null;
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw new ServiceException(
          "ValidationException", field + " must be a whole number, not '" + value.strip() + "'");
    }
  }

  private static Double percentage(String value) {
    if (value == null || value.isBlank()) return null;
    try {
      double p = Double.parseDouble(value.strip());
      if (Double.isNaN(p) || Double.isInfinite(p)) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new ServiceException(
          "ValidationException",
          "Tolerated failure percentage must be a number, not '" + value.strip() + "'");
    }
  }
}
