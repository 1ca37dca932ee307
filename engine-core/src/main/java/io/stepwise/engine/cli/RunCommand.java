package io.stepwise.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.replay.ExecutionExport;
import io.stepwise.engine.replay.RecordedOutcomes;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockConfig;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code stepwise run DEFINITION.json [--input JSON|@file] [--mocks MOCKS.json] [--history]}: runs
 * a state machine in memory; prints its output (or, with --history, the AWS-shaped history).
 */
final class RunCommand {
  private RunCommand() {}

  /** The corpus's per-state lists, or a Step Functions Local mock configuration's test case. */
  private static TaskHandler tasks(JsonNode mocks, String stateMachine, String testCase)
      throws UsageException {
    if (!MockConfig.isMockConfig(mocks)) return new MockedTasks(mocks);
    try {
      return MockConfig.forTestCase(mocks, stateMachine, testCase);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--mocks: " + e.getMessage() + " (--state-machine NAME, --test-case NAME)");
    }
  }

  static int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    String file = null;
    JsonNode input = Json.object();
    JsonNode mocks = null;
    boolean history = false;
    String testCase = null;
    String stateMachine = null;
    String exportTo = null;
    boolean inputGiven = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--input" -> {
          input = DefinitionFiles.jsonArgument(Cli.value(args, ++i, a), "--input");
          inputGiven = true;
        }
        case "--export" -> exportTo = Cli.value(args, ++i, a);
        case "--mocks" -> mocks = DefinitionFiles.readJson(Cli.value(args, ++i, a));
        case "--history" -> history = true;
        case "--test-case" -> testCase = Cli.value(args, ++i, a);
        case "--state-machine" -> stateMachine = Cli.value(args, ++i, a);
        default -> {
          if (a.startsWith("--")) throw new UsageException("unknown option " + a + " for run");
          if (file != null) throw new UsageException("run takes one definition file");
          file = a;
        }
      }
    }
    if (file == null) {
      throw new UsageException(
          "usage: stepwise run DEFINITION.json|EXPORT.json [--input JSON|@file.json] [--mocks MOCKS.json [--test-case NAME] [--state-machine NAME]] [--history] [--export OUT.json]");
    }
    JsonNode document = DefinitionFiles.readJson(file);
    TaskHandler tasks;
    JsonNode definitionJson;
    long seed = new SecureRandom().nextLong();
    if (ExecutionExport.isExport(document)) {
      // An exported execution: run its definition again with its recorded task results.
      ExecutionExport export = ReplayCommand.readExport(file);
      definitionJson = export.definition();
      if (!inputGiven) input = export.input();
      tasks = new RecordedOutcomes(export.events());
      if (export.randomSeed() != 0) seed = export.randomSeed();
    } else {
      definitionJson = document;
      tasks = tasks(mocks, stateMachine, testCase);
    }
    StateMachineDefinition definition = LoadedDefinition.load(definitionJson, file);
    String name =
        Path.of(file)
            .getFileName()
            .toString()
            .replaceAll("\\.json$", "")
            .replaceAll("[^A-Za-z0-9_-]", "_");
    ExecutionSnapshot snapshot =
        InMemoryRunner.localExecution(
            name,
            UUID.randomUUID().toString(),
            input,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            seed);
    InMemoryRunner.Result result;
    try {
      // The user runs their own definition here: it keeps its local files (./data/objects).
      result =
          new InMemoryRunner(
                  definition, tasks, history || exportTo != null, Path.of("data", "objects"))
              .run(snapshot);
    } catch (MockedTasks.MissingMockException e) {
      throw new UsageException(
          e.getMessage() + (mocks == null ? " (give results with --mocks MOCKS.json)" : ""));
    }
    if (exportTo != null) {
      ExecutionExport export =
          ExecutionExport.of(definitionJson, input, name, snapshot.executionName(), result.events())
              .withRandomSeed(seed);
      Files.writeString(
          Path.of(exportTo),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(export.toJson()));
    }
    if (history) {
      ObjectNode root = Json.object();
      ArrayNode events = root.putArray("events");
      for (HistoryEvent e : result.events()) events.add(AwsHistoryFormat.toJson(e, true));
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else if (snapshot.status() == ExecutionStatus.SUCCEEDED) {
      out.println(Json.write(snapshot.output()));
    }
    if (snapshot.status() == ExecutionStatus.SUCCEEDED) return 0;
    err.println(
        snapshot.status()
            + ": "
            + snapshot.error()
            + (snapshot.cause() == null ? "" : ": " + snapshot.cause()));
    return 1;
  }
}
