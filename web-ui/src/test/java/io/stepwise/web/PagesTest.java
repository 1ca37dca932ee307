package io.stepwise.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.web.page.Paths;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PagesTest extends PageRequests {
  @Test
  void rootShowsTheDashboard() {
    given()
        .redirects()
        .follow(false)
        .get("/")
        .then()
        .statusCode(200)
        .body(containsString("<h1>Dashboard</h1>"));
  }

  @Test
  void approvalsLeadToTheInbox() {
    given()
        .get("/approvals")
        .then()
        .statusCode(303)
        .header("Location", containsString("/approvals/inbox"));
  }

  @Test
  void theExecutionPageShowsOtherModulesNotesEscaped() {
    String arn = machine("notes", Definitions.ACTIVITY);
    String noted = TestServices.EXECUTIONS.start(arn, "noted1", "{}").executionArn();
    String plain = TestServices.EXECUTIONS.start(arn, "plain1", "{}").executionArn();
    String broken = TestServices.EXECUTIONS.start(arn, "broken1", "{}").executionArn();

    String page = given().get(Paths.execution(noted)).then().statusCode(200).extract().asString();
    assertThat(page)
        .contains("class=\"note note-approval-pending\"")
        .contains("Waiting for &lt;b&gt;Ship?&lt;/b&gt;")
        .doesNotContain("<b>Ship?</b>")
        .contains("href=\"/approvals/inbox?execution=" + noted + "\"")
        // Refreshed after the live summary changes (once it settles) while the execution runs.
        .contains(
            "hx-get=\""
                + Paths.execution(noted)
                + "/notes\" hx-trigger=\"sse:summary delay:500ms\"");
    given()
        .get(Paths.execution(noted) + "/notes")
        .then()
        .statusCode(200)
        .body(containsString("Waiting for &lt;b&gt;Ship?&lt;/b&gt;"));
    assertThat(given().get(Paths.execution(plain)).then().statusCode(200).extract().asString())
        .doesNotContain("class=\"note ");
    assertThat(given().get(Paths.execution(broken)).then().statusCode(200).extract().asString())
        .as("a failing provider leaves the page whole")
        .contains("Event history")
        .doesNotContain("class=\"note ");
  }

  @Test
  void createsAStateMachineFromThePastedDefinition() {
    given()
        .multiPart("name", "pasted")
        .multiPart("type", "STANDARD")
        .multiPart("definition", Definitions.ACTIVITY)
        .post("/state-machines")
        .then()
        .statusCode(303)
        .header("Location", containsString("/state-machines/pasted"));
    given()
        .get("/state-machines/pasted")
        .then()
        .statusCode(200)
        .body(containsString("<svg"), containsString("data-state=\"Approve\""));
    given().get("/state-machines").then().statusCode(200).body(containsString("pasted"));
  }

  @Test
  void invalidDefinitionShowsDiagnosticsWithTheirLocation() {
    String bad =
        """
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}
        """;
    given()
        .multiPart("name", "broken")
        .multiPart("definition", bad)
        .post("/state-machines")
        .then()
        .statusCode(400)
        .body(containsString("MISSING_TRANSITION_TARGET"), containsString("/States/A/Next"));
    given()
        .formParam("definition", bad)
        .post("/state-machines/validate")
        .then()
        .statusCode(200)
        .body(containsString("/States/A/Next"));
  }

  @Test
  void workflowDataIsEscapedEverywhere() {
    String arn = machine("escaping", Definitions.ACTIVITY);
    String evil = "{\"x\": \"<script>alert(1)</script>\"}";
    String executionArn = TestServices.EXECUTIONS.start(arn, "evil", evil).executionArn();
    given()
        .get(Paths.execution(executionArn))
        .then()
        .statusCode(200)
        .body(not(containsString("<script>alert(1)")), containsString("&lt;script&gt;"));
    given()
        .queryParam("name", "Prepare")
        .get(Paths.execution(executionArn) + "/state")
        .then()
        .statusCode(200)
        .body(not(containsString("<script>alert")), containsString("&lt;script&gt;"));
  }

  @Test
  void executionPageColoursStatesAndShowsAStatePanel() {
    String arn = machine("colours", Definitions.ACTIVITY);
    String executionArn = TestServices.EXECUTIONS.start(arn, "c1", "{\"n\": 1}").executionArn();
    String page =
        given().get(Paths.execution(executionArn)).then().statusCode(200).extract().asString();
    assertThat(page).containsPattern("class=\"node state st-succeeded\" data-state=\"Prepare\"");
    assertThat(page).containsPattern("class=\"node state st-running\" data-state=\"Approve\"");
    assertThat(page).contains("sse-connect=", "Stop");
    given()
        .queryParam("name", "Prepare")
        .get(Paths.execution(executionArn) + "/state")
        .then()
        .statusCode(200)
        .body(containsString("state-input"), containsString("&quot;ready&quot;"));
  }

  @Test
  void startValidatesInputAndStopEndsTheExecution() {
    String arn = machine("starting", Definitions.ACTIVITY);
    given()
        .formParam("stateMachineArn", arn)
        .formParam("input", "{not json")
        .post("/executions")
        .then()
        .statusCode(400)
        .body(containsString("Input is not JSON"));
    String location =
        given()
            .formParam("stateMachineArn", arn)
            .formParam("name", "started")
            .formParam("input", "{\"a\": 1}")
            .post("/executions")
            .then()
            .statusCode(303)
            .extract()
            .header("Location");
    String executionArn = arn.replace(":stateMachine:", ":execution:") + ":started";
    assertThat(location).contains(Paths.execution(executionArn));
    given().post(Paths.execution(executionArn) + "/stop").then().statusCode(303);
    given()
        .get(Paths.execution(executionArn))
        .then()
        .body(containsString("ABORTED"), containsString("st-cancelled"));
    // Redriven, it runs again from the stopped task; a running execution is not redrivable.
    given().post(Paths.execution(executionArn) + "/redrive").then().statusCode(303);
    given().get(Paths.execution(executionArn)).then().body(containsString("RUNNING"));
    given()
        .post(Paths.execution(executionArn) + "/redrive")
        .then()
        .statusCode(409)
        .body(containsString("ExecutionNotRedrivable"));
  }

  @Test
  void executionsListFiltersAndPagesByKeyset() {
    String arn = machine("listing", Definitions.ACTIVITY);
    for (int i = 0; i < 55; i++) {
      TestServices.EXECUTIONS.start(arn, "list-" + i, "{}");
    }
    String first =
        given()
            .queryParam("stateMachine", "listing")
            .queryParam("prefix", "list-")
            .get("/executions")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(first).contains("id=\"next-page\"");
    given()
        .queryParam("status", "SUCCEEDED")
        .queryParam("stateMachine", "listing")
        .get("/executions")
        .then()
        .body(containsString("No executions match"));
  }

  @Test
  void longHistoriesOpenInWindows() {
    String arn = machine("long", Definitions.MAP);
    StringBuilder items = new StringBuilder("{\"items\": [");
    for (int i = 0; i < 5000; i++) items.append(i == 0 ? "" : ",").append(i);
    String executionArn = TestServices.EXECUTIONS.start(arn, "long1", items + "]}").executionArn();
    String page =
        given().get(Paths.execution(executionArn)).then().statusCode(200).extract().asString();
    assertThat(page).contains("Events 1–100 of", "5000/5000 iterations");
    given()
        .queryParam("after", 100)
        .get(Paths.execution(executionArn) + "/events")
        .then()
        .body(containsString("id=\"event-101\""), not(containsString("id=\"event-100\"")));
  }

  @Test
  void activityCompletionReachesTheSucceededPage() {
    String arn = machine("finishing", Definitions.ACTIVITY);
    String executionArn = TestServices.EXECUTIONS.start(arn, "f1", "{}").executionArn();
    PendingTask task = TestServices.EXECUTIONS.pendingTasks(executionArn).getFirst();
    TestServices.EXECUTIONS.succeedTask(task.taskToken(), "{\"approved\": true}");
    given()
        .get(Paths.execution(executionArn))
        .then()
        .body(
            containsString("SUCCEEDED"),
            containsString("execution-output"),
            not(containsString("sse-connect")));
  }
}
