package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.TaskState;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryExplainerTest {
  @Test
  void listsEachAttemptWithItsErrorRuleAndDelay() throws Exception {
    var definition =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
                 "Retry":[{"ErrorEquals":["Other"],"MaxAttempts":5},{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"BackoffRate":3}],
                 "End":true}}}"""));
    var snapshot = InMemoryRunner.localExecution("sm", "e", Json.object(), Instant.EPOCH, 1);
    var result =
        new InMemoryRunner(
                definition,
                new MockedTasks(
                    Json.parse(
                        "{\"T\":[{\"Throw\":{\"Error\":\"Flaky\",\"Cause\":\"a\"}},{\"Throw\":{\"Error\":\"Flaky\",\"Cause\":\"b\"}},{\"Return\":1}]}")),
                true)
            .run(snapshot);
    var attempts =
        RetryExplainer.explain((TaskState) definition.graph().state("T"), result.events(), 2);
    assertThat(attempts).hasSize(3);
    assertThat(attempts.get(0).error()).isEqualTo("Flaky");
    assertThat(attempts.get(0).retrier()).isEqualTo(1);
    assertThat(attempts.get(0).delay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(attempts.get(1).delay()).isEqualTo(Duration.ofSeconds(6));
    assertThat(attempts.get(2).failed()).isFalse();
  }

  @Test
  void countsEachStartOfARetriedParallelThoughItFollowsFromTheBranchesLastEvent() throws Exception {
    // AWS's ParallelStateStarted of a retry follows from the failed branch's last event
    // (parallel/parallel_state_retry), so it is found by branch, not by walking back to the entry.
    var definition =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Retry":[{"ErrorEquals":["E"],"MaxAttempts":2}],
                 "Branches":[{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"E"}}}],"End":true}}}"""));
    var snapshot = InMemoryRunner.localExecution("sm", "e", Json.object(), Instant.EPOCH, 1);
    var result = new InMemoryRunner(definition, new MockedTasks(null), true).run(snapshot);
    var attempts =
        RetryExplainer.explain(
            (io.stepwise.engine.asl.ParallelState) definition.graph().state("P"),
            result.events(),
            2);
    assertThat(attempts).hasSize(3);
  }
}
