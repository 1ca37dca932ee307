package io.stepwise.engine.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distributed Map: ItemReader, ItemBatcher, child executions, ResultWriter, tolerance. */
class DistributedMapTest {
  @TempDir Path store;

  private InMemoryRunner.Result run(String mapFields, String processor, String input)
      throws Exception {
    String definition =
        """
        {"StartAt":"M","States":{"M":{"Type":"Map",%s
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},%s},
          "End":true}}}"""
            .formatted(mapFields, processor);
    var runner =
        new InMemoryRunner(
            DefinitionParser.parse(Json.parse(definition)), TaskHandler.NONE, true, store);
    var snapshot = InMemoryRunner.localExecution("sm", "e", Json.parse(input), Instant.EPOCH, 3);
    return runner.run(snapshot);
  }

  private static final String DOUBLE =
      """
      "StartAt":"D","States":{"D":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.n, $.n)"},"End":true}}""";

  private static List<String> types(InMemoryRunner.Result r) {
    return r.events().stream().map(HistoryEvent::type).map(t -> t.awsName()).toList();
  }

  @Test
  void readsAJsonArrayFromTheObjectStoreAndRunsAChildPerItem() throws Exception {
    Files.createDirectories(store.resolve("in"));
    Files.writeString(store.resolve("in/items.json"), "[{\"n\":1},{\"n\":2},{\"n\":3}]");
    var r =
        run(
            """
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
              "Parameters":{"Bucket":"in","Key":"items.json"}},""",
            DOUBLE,
            "{}");
    assertThat(r.snapshot().output()).isEqualTo(Json.parse("[{\"v\":2},{\"v\":4},{\"v\":6}]"));
    assertThat(types(r))
        .contains("MapRunStarted", "MapRunSucceeded")
        .doesNotContain("PassStateEntered");
  }

  @Test
  void readsCsvWithAHeaderRowFromAFileUrl() throws Exception {
    Path csv = store.resolve("people.csv");
    Files.writeString(csv, "name,city\nAda,\"London, UK\"\nAlan,Wilmslow\n");
    var r =
        run(
            """
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
              "Parameters":{"Url":"%s"}},"""
                .formatted(csv.toUri()),
            "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}",
            "{}");
    assertThat(r.snapshot().output())
        .isEqualTo(
            Json.parse(
                "[{\"name\":\"Ada\",\"city\":\"London, UK\"},{\"name\":\"Alan\",\"city\":\"Wilmslow\"}]"));
  }

  @Test
  void batchesItemsWithBatchInput() throws Exception {
    var r =
        run(
            """
            "ItemsPath":"$.xs","ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"tag":"t"}},""",
            "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}",
            "{\"xs\":[1,2,3]}");
    assertThat(r.snapshot().output())
        .isEqualTo(
            Json.parse(
                "[{\"BatchInput\":{\"tag\":\"t\"},\"Items\":[1,2]},{\"BatchInput\":{\"tag\":\"t\"},\"Items\":[3]}]"));
  }

  @Test
  void writesResultsAndReturnsWhereTheyAre() throws Exception {
    var r =
        run(
            """
            "ItemsPath":"$.xs","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject",
              "Parameters":{"Bucket":"out","Prefix":"runs"}},""",
            DOUBLE,
            "{\"xs\":[{\"n\":5}]}");
    JsonNode out = r.snapshot().output();
    assertThat(out.path("MapRunArn").asText()).contains(":mapRun:sm/M:");
    String key = out.at("/ResultWriterDetails/Key").asText();
    assertThat(key).startsWith("runs/").endsWith("/manifest.json");
    Path manifest = store.resolve("out").resolve(key);
    assertThat(Files.readString(manifest)).contains("SUCCEEDED_0.json");
    assertThat(Files.readString(manifest.resolveSibling("SUCCEEDED_0.json")))
        .contains("{\\\"v\\\":10}");
  }

  @Test
  void childFailuresBeyondToleranceFailTheMap() throws Exception {
    String failOnTwo =
        """
        "StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"P"},
          "F":{"Type":"Fail","Error":"Two"},"P":{"Type":"Pass","End":true}}""";
    var tolerated =
        run("\"ItemsPath\":\"$.xs\",\"ToleratedFailureCount\":1,", failOnTwo, "{\"xs\":[1,2,3]}");
    assertThat(tolerated.snapshot().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    var failed =
        run(
            "\"ItemsPath\":\"$.xs\",\"ToleratedFailurePercentage\":10,",
            failOnTwo,
            "{\"xs\":[1,2,3]}");
    assertThat(failed.snapshot().error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    assertThat(types(failed)).contains("MapRunFailed", "MapStateFailed");
  }

  @Test
  void aMissingObjectFailsWithItemReaderFailedWhichCatchCanTake() throws Exception {
    var r =
        run(
            """
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"none","Key":"x.json"}},""",
            DOUBLE,
            "{}");
    assertThat(r.snapshot().error()).isEqualTo("States.ItemReaderFailed");
    assertThat(r.snapshot().cause()).contains("no such object");
  }
}
