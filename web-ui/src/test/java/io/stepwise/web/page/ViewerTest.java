package io.stepwise.web.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.web.Definitions;
import io.stepwise.web.TestServices;
import org.junit.jupiter.api.Test;

/** The header names the signed-in user; buttons the user's roles do not allow are not shown. */
@QuarkusTest
class ViewerTest {
  static {
    RestAssured.urlEncodingEnabled = false;
  }

  private static String runningExecution() {
    String arn =
        TestServices.MACHINES
            .describe("arn:aws:states:us-east-1:123456789012:stateMachine:viewer-test")
            .orElseGet(
                () ->
                    TestServices.MACHINES.create(
                        "viewer-test", Definitions.ACTIVITY, StateMachineType.STANDARD))
            .arn();
    return TestServices.EXECUTIONS.start(arn, null, "{}").executionArn();
  }

  private static String page(String user, String path) {
    var request = given();
    if (user != null) request.header("X-Test-User", user);
    return request.get(path).then().statusCode(200).extract().asString();
  }

  @Test
  void theHeaderNamesTheSignedInUserWithASignOutLink() {
    String page = page("alice:viewer", "/state-machines");
    assertThat(page).contains("<span id=\"user-name\">alice</span>", "action=\"/auth/logout\"");
  }

  @Test
  void withNobodySignedInAndSecurityOffTheHeaderOffersNothing() {
    String page = page(null, "/state-machines");
    assertThat(page).doesNotContain("user-name", "/auth/logout", "/auth/login");
    assertThat(page).contains("create-button");
  }

  @Test
  void aViewerGetsNoStopCreateOrStartButtons() {
    String execution = Paths.execution(runningExecution());
    assertThat(page("alice:viewer", execution)).doesNotContain("stop-button");
    assertThat(page("alice:viewer", "/state-machines")).doesNotContain("create-button");
    assertThat(page("alice:viewer", "/state-machines/viewer-test"))
        .doesNotContain("start-button", "update-button");
    assertThat(page("oscar:operator", execution)).contains("stop-button");
    assertThat(page("oscar:operator", "/state-machines/viewer-test"))
        .contains("start-button")
        .doesNotContain("update-button");
    assertThat(page("eve:editor", "/state-machines")).contains("create-button");
  }
}
