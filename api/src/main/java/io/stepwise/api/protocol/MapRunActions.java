package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.maprun.MapRun;
import io.stepwise.api.maprun.MapRuns;
import io.stepwise.api.maprun.PgMapRuns;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** DescribeMapRun, ListMapRuns and UpdateMapRun, translated to {@link MapRuns}. */
@ApplicationScoped
public class MapRunActions implements ActionFamily {
  private final MapRuns runs;

  public MapRunActions(MapRuns runs) {
    this.runs = runs;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "DescribeMapRun", Action.read(this::describe),
        "ListMapRuns", Action.read(this::list),
        "UpdateMapRun", Action.change(this::update));
  }

  private JsonNode describe(Request r) {
    MapRun run = runs.describe(r.caller(), r.resource("mapRunArn"));
    ObjectNode out = Json.object();
    out.put("mapRunArn", run.arn());
    out.put("executionArn", run.executionArn());
    out.put("status", run.status());
    out.put("startDate", AwsDates.epochSeconds(run.startDate()));
    if (run.stopDate() != null) out.put("stopDate", AwsDates.epochSeconds(run.stopDate()));
    out.put("maxConcurrency", run.maxConcurrency());
    out.put("toleratedFailurePercentage", run.toleratedFailurePercentage());
    out.put("toleratedFailureCount", run.toleratedFailureCount());
    ObjectNode counts = Json.object();
    run.counts().forEach(counts::put);
    out.set("itemCounts", counts);
    out.set("executionCounts", counts.deepCopy());
    out.put("redriveCount", run.redriveCount());
    return out;
  }

  private JsonNode list(Request r) {
    Page<PgMapRuns.Listed> page =
        runs.list(r.caller(), r.resource("executionArn"), r.maxResults(100), r.nextToken(3096));
    return Listing.of(
        page,
        "mapRuns",
        (run, item) -> {
          item.put("executionArn", run.executionArn());
          item.put("mapRunArn", run.arn());
          item.put(
              "stateMachineArn",
              Arn.parse(run.arn()).map(a -> a.stateMachine().toString()).orElse(null));
          item.put("startDate", AwsDates.epochSeconds(run.startDate()));
          if (run.stopDate() != null) item.put("stopDate", AwsDates.epochSeconds(run.stopDate()));
        });
  }

  private JsonNode update(Request r) {
    JsonNode percentage = r.node("toleratedFailurePercentage");
    runs.update(
        r.caller(),
        r.resource("mapRunArn"),
        r.optionalInt("maxConcurrency").orElse(null),
        r.optionalInt("toleratedFailureCount").orElse(null),
        percentage == null ? null : percentage.asDouble());
    return Json.object();
  }
}
