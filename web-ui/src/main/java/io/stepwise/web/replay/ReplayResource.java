package io.stepwise.web.replay;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.page.Paths;
import io.stepwise.web.timetravel.Recording;
import io.stepwise.web.timetravel.Recordings;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Replays an execution's recorded task results, errors and timers through another definition (a
 * pasted one, or the state machine's current one) and shows the first event where they part.
 */
@Path("/executions/{executionArn}/replay")
@Produces(MediaType.TEXT_HTML)
public class ReplayResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance verdict(ReplayVerdict verdict);
  }

  private final Recordings recordings;
  private final ExecutionService executions;

  public ReplayResource(Recordings recordings, ExecutionService executions) {
    this.recordings = recordings;
    this.executions = executions;
  }

  /**
   * @param source {@code current} for the state machine's current definition, {@code pasted} for
   *     {@code definition}: a definition of the caller's own, which needs the service's leave
   *     ({@link ExecutionService#requireTrialRun}: an editor's action)
   */
  @POST
  public Response replay(
      @PathParam("executionArn") String executionArn,
      @FormParam("source") String source,
      @FormParam("definition") String definition) {
    String path = Paths.execution(executionArn);
    if (!"pasted".equals(source)) {
      Recording recording = recordings.of(executionArn);
      return verdict(
          new ReplayVerdict(
              path,
              "the state machine's current definition",
              List.of(),
              recording.replay(recording.definition())));
    }
    String against = "the pasted definition";
    try {
      executions.requireTrialRun(executionArn);
    } catch (ServiceException e) {
      return Response.status(Response.Status.FORBIDDEN)
          .entity(
              Templates.verdict(new ReplayVerdict(path, against, List.of(e.getMessage()), null)))
          .build();
    }
    Recording recording = recordings.of(executionArn);
    if (definition == null || definition.isBlank()) {
      return verdict(new ReplayVerdict(path, against, List.of("Paste a definition first."), null));
    }
    StateMachineType type = recording.machine().type();
    List<String> errors =
        DefinitionValidator.validate(definition, type).diagnostics().stream()
            .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
            .map(
                d ->
                    d.code()
                        + (d.location() == null ? "" : " at " + d.location())
                        + ": "
                        + d.message())
            .toList();
    if (!errors.isEmpty()) return verdict(new ReplayVerdict(path, against, errors, null));
    StateMachineDefinition parsed;
    try {
      parsed = DefinitionParser.parse(Json.parse(definition));
    } catch (DefinitionException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return verdict(new ReplayVerdict(path, against, List.of(e.getMessage()), null));
    }
    return verdict(new ReplayVerdict(path, against, List.of(), recording.replay(parsed)));
  }

  private static Response verdict(ReplayVerdict verdict) {
    return Response.ok(Templates.verdict(verdict)).build();
  }
}
