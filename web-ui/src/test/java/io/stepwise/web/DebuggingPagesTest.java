package io.stepwise.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.replay.ExecutionExport;
import io.stepwise.engine.replay.Replay;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.web.page.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Time travel, replay, export, "why did it go there", redrive preview and run again, over HTTP. */
@QuarkusTest
class DebuggingPagesTest extends PageRequests {
  private static String run(String machine, String name, String input) {
    String arn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
    if (TestServices.EXECUTIONS.describe(arn).isPresent()) return arn;
    return TestServices.EXECUTIONS.start(machine, name, input).executionArn();
  }

  private static String choiceExecution() {
    return run(machine("choosy", Definitions.CHOICE), "seven", "{\"n\": 7, \"cap\": 3}");
  }

  @Test
  void exportDownloadsOneFileThatReplaysWithoutDivergence() throws Exception {
    String arn = choiceExecution();
    String body =
        given()
            .get(Paths.execution(arn) + "/export")
            .then()
            .statusCode(200)
            .header("Content-Disposition", containsString("attachment; filename=\"seven.json\""))
            .extract()
            .asString();
    ExecutionExport export = ExecutionExport.fromJson(Json.parse(body));
    var definition =
        TestServices.MACHINES.describe(machine("choosy", Definitions.CHOICE)).orElseThrow();
    Replay.Report report = Replay.run(export, definition.parsed());
    assertThat(report.agrees()).isTrue();
    assertThat(report.recordedEvents()).isEqualTo(export.events().size());
  }

  /** The page's history, the export and the API show the same events, as AWS records them. */
  @Test
  void aParallelsHistoryShowsItsSuccessOnThePageAndInTheExport() throws Exception {
    String arn =
        run(
            machine(
                "fanned",
                """
                {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"L","States":{"L":{"Type":"Pass","End":true}}},
                  {"StartAt":"R","States":{"R":{"Type":"Pass","End":true}}}]}}}"""),
            "once",
            "{}");
    given()
        .get(Paths.execution(arn))
        .then()
        .statusCode(200)
        .body(containsString("ParallelStateSucceeded"));
    ExecutionExport export =
        ExecutionExport.fromJson(
            Json.parse(given().get(Paths.execution(arn) + "/export").then().extract().asString()));
    java.util.List<String> types = new java.util.ArrayList<>();
    export.events().forEach(e -> types.add(e.path("type").asText()));
    assertThat(types)
        .containsSubsequence(
            "ParallelStateStarted", "ParallelStateSucceeded", "ParallelStateExited");
    assertThat(types).hasSize(TestServices.EXECUTIONS.history(arn, 0, 1000).size());
  }

  @Test
  void replayAgreesForTheSameDefinitionAndFindsAPlantedDivergence() {
    String path = Paths.execution(choiceExecution());
    given()
        .formParam("source", "current")
        .post(path + "/replay")
        .then()
        .statusCode(200)
        .body(containsString("id=\"replay-agrees\""));
    given()
        .formParam("source", "pasted")
        .formParam("definition", Definitions.CHOICE.replace("\"big\"", "\"huge\""))
        .post(path + "/replay")
        .then()
        .statusCode(200)
        .body(
            containsString("id=\"replay-divergence\""),
            containsString("PassStateExited"),
            containsString("output"),
            containsString("huge"));
    given()
        .formParam("source", "pasted")
        .formParam("definition", "{\"StartAt\": \"Nope\", \"States\": {}}")
        .post(path + "/replay")
        .then()
        .statusCode(200)
        .body(containsString("id=\"replay-refused\""));
  }

  @Test
  void theMomentAfterAnEventShowsItsGraphFramesAndVariables() {
    String path = Paths.execution(choiceExecution());
    given()
        .get(path + "/moment?event=4")
        .then()
        .statusCode(200)
        .body(
            containsString("id=\"tt-event-id\">4<"),
            containsString("ChoiceStateEntered"),
            containsString("class=\"graph tt-graph\""),
            containsString("&quot;limitVar&quot; : 10"),
            containsString("Why did it go there?"));
    given()
        .get(path)
        .then()
        .statusCode(200)
        .body(containsString("id=\"tt-slider\""), containsString("/moment"));
  }

  @Test
  void choiceExplanationShowsEachComparison() {
    String path = Paths.execution(choiceExecution());
    given()
        .get(path + "/why?event=4")
        .then()
        .statusCode(200)
        .body(
            containsString("id=\"why-next\">Big<"),
            containsString("NumericGreaterThanPath"),
            containsString("$.n"),
            containsString(">7<"),
            containsString("$.cap = 3"),
            containsString("$limitVar"),
            containsString("NumericLessThan"));
  }

  @Test
  void dataFlowFailureNamesTheStageAndTheValue() {
    String arn =
        run(
            machine(
                "broken-flow",
                """
                {"StartAt":"Pick","States":{"Pick":{"Type":"Pass","InputPath":"$.missing","End":true}}}"""),
            "broken",
            "{\"present\": 1}");
    given()
        .get(Paths.execution(arn) + "/why?event=2")
        .then()
        .statusCode(200)
        .body(
            containsString("Data flow failed in InputPath"),
            containsString("$.missing"),
            containsString("&quot;present&quot;"));
  }

  @Test
  void retryAttemptsShowErrorRuleAndDelay() {
    String arn =
        run(
            machine(
                "retrying",
                """
                {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:flaky",
                  "Retry":[{"ErrorEquals":["Other"],"MaxAttempts":1},{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"MaxAttempts":3}],"End":true}}}"""),
            "flaky",
            "{}");
    PendingTask first = TestServices.EXECUTIONS.pendingTasks(arn).getFirst();
    TestServices.EXECUTIONS.failTask(first.taskToken(), "Flaky", "try again");
    TestServices.CLOCK.advance(Duration.ofSeconds(2));
    TestServices.EXECUTIONS.fireDueTimers();
    PendingTask second = TestServices.EXECUTIONS.pendingTasks(arn).getLast();
    TestServices.EXECUTIONS.succeedTask(second.taskToken(), "{}");
    given()
        .get(Paths.execution(arn) + "/why?event=2")
        .then()
        .statusCode(200)
        .body(
            containsString("id=\"why-attempts\""),
            containsString("Flaky"),
            containsString("try again"),
            containsString("#2 [Flaky]"),
            containsString("PT2S"),
            containsString("succeeded"));
  }

  @Test
  void runAgainValidatesTheInputAndLinksBothWays() {
    String old = choiceExecution();
    String path = Paths.execution(old);
    given()
        .get(path + "/again")
        .then()
        .statusCode(200)
        .body(containsString("seven--again1"), containsString("&quot;cap&quot; : 3"));
    given()
        .formParam("input", "{\"n\": ")
        .post(path + "/again")
        .then()
        .statusCode(400)
        .body(containsString("id=\"again-error\""), containsString("not JSON"));
    String location =
        given()
            .formParam("input", "{\"n\": 1, \"cap\": 3}")
            .post(path + "/again")
            .then()
            .statusCode(303)
            .extract()
            .header("Location");
    assertThat(location).contains("seven--again");
    String newPath = location.substring(location.indexOf("/executions/"));
    given()
        .get(newPath + "/again/links")
        .then()
        .statusCode(200)
        .body(containsString("id=\"lineage-back\""), containsString(">seven<"));
    given()
        .get(path + "/again/links")
        .then()
        .statusCode(200)
        .body(containsString("id=\"lineage-forward\""), containsString("seven--again"));
  }

  @Test
  void redrivePreviewSaysFromWhichStateItGoesOn() {
    String arn =
        run(
            machine(
                "failing",
                """
                {"StartAt":"Ok","States":{"Ok":{"Type":"Pass","Next":"Boom"},
                  "Boom":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:boom","End":true}}}"""),
            "fails",
            "{}");
    PendingTask task = TestServices.EXECUTIONS.pendingTasks(arn).getFirst();
    TestServices.EXECUTIONS.failTask(task.taskToken(), "Broken", "it broke");
    given()
        .get(Paths.execution(arn) + "/redrive-preview")
        .then()
        .statusCode(200)
        .body(
            containsString("id=\"redrive-from\">Boom<"),
            containsString("id=\"redrive-confirm\""),
            not(containsString("id=\"redrive-not\"")));
    given()
        .get(Paths.execution(choiceExecution()) + "/redrive-preview")
        .then()
        .statusCode(200)
        .body(containsString("id=\"redrive-not\""));
  }
}
