package io.stepwise.web.lineage;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.web.execution.ExecutionViews;
import io.stepwise.web.execution.ExecutionsResource;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
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
import java.util.List;

/**
 * "Run again with this input": a preview with the input editable and checked as it is typed, then a
 * new execution of the same state machine named so that it links back ({@link Lineage}).
 */
@Path("/executions/{executionArn}/again")
@Produces(MediaType.TEXT_HTML)
public class AgainResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance again(AgainForm form);

    static native TemplateInstance links(
        ExecutionSummary runOf, String runOfPath, List<LinkedRun> again);
  }

  /** A linked execution with its page. */
  public record LinkedRun(ExecutionSummary summary, String path) {
    static LinkedRun of(ExecutionSummary s) {
      return new LinkedRun(s, Paths.execution(s.executionArn()));
    }
  }

  private final ExecutionService executions;
  private final StateMachineService machines;
  private final Lineage lineage;

  public AgainResource(ExecutionService executions, StateMachineService machines, Lineage lineage) {
    this.executions = executions;
    this.machines = machines;
    this.lineage = lineage;
  }

  @GET
  public TemplateInstance form(@PathParam("executionArn") String executionArn) {
    ExecutionDetail old = detail(executionArn);
    return Templates.again(form(old, PrettyJson.of(old.input()), null));
  }

  @POST
  public Response start(
      @PathParam("executionArn") String executionArn, @FormParam("input") String input) {
    ExecutionDetail old = detail(executionArn);
    String problem = ExecutionsResource.inputProblem(input);
    if (problem == null && (input == null || input.isBlank())) problem = "Input is empty.";
    if (problem == null) {
      try {
        ExecutionSummary started =
            executions.start(
                old.summary().stateMachineArn(), lineage.nextName(old.summary()), input);
        return Response.seeOther(URI.create(Paths.execution(started.executionArn()))).build();
      } catch (ServiceException e) {
        problem = ExecutionViews.message(e);
      }
    }
    return Response.status(400)
        .entity(Templates.again(form(old, input == null ? "" : input, problem)))
        .build();
  }

  /** The execution's links: what it re-runs and what re-ran it. */
  @GET
  @Path("/links")
  public TemplateInstance links(@PathParam("executionArn") String executionArn) {
    ExecutionSummary summary = detail(executionArn).summary();
    ExecutionSummary runOf = lineage.runOf(summary).orElse(null);
    return Templates.links(
        runOf,
        runOf == null ? "" : Paths.execution(runOf.executionArn()),
        lineage.runsAgain(summary).stream().map(LinkedRun::of).toList());
  }

  private AgainForm form(ExecutionDetail old, String input, String error) {
    StateMachineDetail machine = machines.describe(old.summary().stateMachineArn()).orElse(null);
    boolean changed =
        machine != null
            && machine.updatedAt() != null
            && machine.updatedAt().isAfter(old.summary().startDate());
    return new AgainForm(
        old.summary(),
        Paths.execution(old.summary().executionArn()),
        input,
        lineage.nextName(old.summary()),
        changed,
        error);
  }

  private ExecutionDetail detail(String executionArn) {
    return executions
        .describe(executionArn)
        .orElseThrow(() -> new NotFoundException("No execution " + executionArn));
  }
}
