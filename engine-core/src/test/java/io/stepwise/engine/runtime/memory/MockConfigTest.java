package io.stepwise.engine.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MockConfigTest {
  private static final JsonNode CONFIG =
      Json.parseTrusted(
          """
          {"StateMachines":{"Orders":{"TestCases":{
             "HappyPath":{"Charge":"ChargeOk"},
             "RetryPath":{"Charge":"ChargeFlaky"}}}},
           "MockedResponses":{
             "ChargeOk":{"0":{"Return":{"StatusCode":200,"Payload":{"id":"c1"}}}},
             "ChargeFlaky":{"0-1":{"Throw":{"Error":"Lambda.TooManyRequestsException","Cause":"slow down"}},
                            "2":{"Return":{"StatusCode":200,"Payload":{"id":"c2"}}}}}}
          """);

  private static final String DEFINITION =
      """
      {"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
       "Parameters":{"FunctionName":"charge"},"OutputPath":"$.Payload",
       "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"MaxAttempts":3}],"End":true}}}
      """;

  private static JsonNode run(String testCase) throws Exception {
    var runner =
        new InMemoryRunner(
            DefinitionParser.parse(Json.parse(DEFINITION)),
            MockConfig.forTestCase(CONFIG, "Orders", testCase),
            false);
    var snapshot = InMemoryRunner.localExecution("Orders", "e", Json.object(), Instant.EPOCH, 1);
    runner.run(snapshot);
    assertThat(snapshot.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    return snapshot.output();
  }

  @Test
  void happyPathReturnsTheMockedResponse() throws Exception {
    assertThat(run("HappyPath")).isEqualTo(Json.parse("{\"id\":\"c1\"}"));
  }

  @Test
  void invocationRangesServeRetriesInOrder() throws Exception {
    assertThat(run("RetryPath")).isEqualTo(Json.parse("{\"id\":\"c2\"}"));
  }

  @Test
  void recognisesTheFormat() {
    assertThat(MockConfig.isMockConfig(CONFIG)).isTrue();
    assertThat(MockConfig.isMockConfig(Json.parseTrusted("{\"Charge\":[]}"))).isFalse();
  }

  @Test
  void namesWhatIsMissing() {
    assertThatThrownBy(() -> MockConfig.forTestCase(CONFIG, "Orders", "Nope"))
        .hasMessageContaining("no test case 'Nope'");
    assertThatThrownBy(() -> MockConfig.forTestCase(CONFIG, "Orders", null))
        .hasMessageContaining("2 test cases");
  }
}
