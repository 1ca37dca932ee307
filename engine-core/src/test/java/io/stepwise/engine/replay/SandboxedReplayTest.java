package io.stepwise.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay and time travel run a definition someone pasted into the execution page (issue 16, row 5):
 * it is code like any other, so it runs within the evaluation budget and reaches nothing but the
 * recording, not the server's files nor its network.
 */
class SandboxedReplayTest {
  @TempDir Path dir;

  /** A short recording: one Pass. */
  private static ExecutionExport recording() throws Exception {
    String one = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
    ExecutionSnapshot s =
        InMemoryRunner.localExecution("sm", "ex", Json.object(), Instant.EPOCH, 5);
    InMemoryRunner.Result r =
        new InMemoryRunner(DefinitionParser.parse(Json.parse(one)), TaskHandler.NONE, true).run(s);
    return ExecutionExport.of(Json.parse(one), s.input(), "sm", "ex", r.events());
  }

  private static StateMachineDefinition parse(String definition) throws Exception {
    return DefinitionParser.parse(Json.parse(definition));
  }

  @Test
  void aPastedItemReaderReadsNoFileOfTheServer() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "password\nhunter2\n");
    String pasted =
        """
        {"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
            "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
            "Parameters":{"Url":"URL"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
            "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"""
            .replace("URL", secret.toUri().toString());

    ExecutionSnapshot at = TimeTravel.at(recording(), parse(pasted), 100);

    assertThat(at.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(at.error()).isEqualTo("States.ItemReaderFailed");
    assertThat(at.cause()).contains("is out of reach").doesNotContain("hunter2");
  }

  @Test
  void aPastedRecursionBombFailsItsStateInTheReplay() throws Exception {
    String pasted =
        """
        {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass",
          "Output":"{% ($f := function($n){ $n = -1 ? 0 : 1 + $f($n + 1) }; $f(0)) %}",
          "End":true}}}""";

    ExecutionSnapshot at = TimeTravel.at(recording(), parse(pasted), 100);

    assertThat(at.error()).isEqualTo("States.QueryEvaluationError");
    assertThat(Replay.run(recording(), parse(pasted)).agrees()).isFalse();
  }
}
