package io.stepwise.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, bulk export: the executions a search finds come as one zip of their export files (the
 * format {@code ./stepwise run} reads); the confirmation gives the count first; an action the page
 * does not know, or a run that was never confirmed, is a 400 with a line, not a 500.
 */
@QuarkusTest
class BulkExportTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  @Test
  void exportsWhatASearchFindsAsOneZip() throws IOException {
    String machine =
        TestServices.MACHINES.create("exported", PASS, StateMachineType.STANDARD).arn();
    for (int i = 0; i < 12; i++) {
      TestServices.EXECUTIONS.start(machine, "exp-" + i, "{\"n\":" + i + "}");
    }
    given()
        .formParam("action", "export")
        .formParam("scope", "search")
        .formParam("stateMachine", "exported")
        .post("/executions/bulk")
        .then()
        .statusCode(200)
        .body(containsString("Export 12 executions?"));

    byte[] zip =
        given()
            .formParam("action", "export")
            .formParam("scope", "search")
            .formParam("stateMachine", "exported")
            .formParam("input", "{\"n\":3}")
            .formParam("limit", "1000")
            .post("/executions/bulk/export")
            .then()
            .statusCode(200)
            .contentType("application/zip")
            .extract()
            .asByteArray();
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(files).containsOnlyKeys("exp-3.json");
    assertThat(Json.parseTrusted(files.get("exp-3.json")).path("input").path("n").asInt())
        .isEqualTo(3);
  }

  @Test
  void nonsenseIsALineNotAServerError() {
    given()
        .formParam("action", "delete")
        .post("/executions/bulk")
        .then()
        .statusCode(400)
        .body(containsString("Choose stop, redrive or export"));
    given()
        .formParam("action", "stop")
        .formParam("execution", "x")
        .post("/executions/bulk/run")
        .then()
        .statusCode(400)
        .body(containsString("Confirm the bulk action first"));
    given()
        .formParam("action", "stop")
        .formParam("scope", "search")
        .formParam("input", "{nope")
        .post("/executions/bulk")
        .then()
        .statusCode(400)
        .body(containsString("not JSON"));
  }
}
