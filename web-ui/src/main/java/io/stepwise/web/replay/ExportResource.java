package io.stepwise.web.replay;

import io.stepwise.engine.json.Json;
import io.stepwise.web.timetravel.Recording;
import io.stepwise.web.timetravel.Recordings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Downloads an execution as one JSON file in the format {@code ./stepwise run} and {@code replay}
 * read ({@link io.stepwise.engine.replay.ExecutionExport}).
 */
@Path("/executions/{executionArn}/export")
public class ExportResource {
  private final Recordings recordings;

  public ExportResource(Recordings recordings) {
    this.recordings = recordings;
  }

  @GET
  public Response export(@PathParam("executionArn") String executionArn) {
    Recording recording = recordings.of(executionArn);
    String file = recording.detail().summary().name().replaceAll("[^A-Za-z0-9_-]", "_") + ".json";
    return Response.ok(Json.write(recording.export().toJson()), "application/json")
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .build();
  }
}
