package io.stepwise.engine.cli;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.replay.ExecutionExport;
import io.stepwise.engine.replay.Replay;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code stepwise replay EXPORT.json [--definition NEW.json]}: runs an exported execution's
 * recorded task results and timer firings through a definition (its own by default) and reports the
 * first event where they diverge; exit 0 when they agree, 1 when not.
 */
final class ReplayCommand {
  private ReplayCommand() {}

  static int run(List<String> args, PrintStream out) throws UsageException {
    String exportFile = null;
    String definitionFile = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--definition")) definitionFile = Cli.value(args, ++i, a);
      else if (a.startsWith("--")) throw new UsageException("unknown option " + a + " for replay");
      else if (exportFile == null) exportFile = a;
      else throw new UsageException("replay takes one export file");
    }
    if (exportFile == null)
      throw new UsageException("usage: stepwise replay EXPORT.json [--definition NEW.json]");
    ExecutionExport export = readExport(exportFile);
    StateMachineDefinition definition =
        definitionFile == null
            ? LoadedDefinition.load(export.definition(), exportFile)
            : LoadedDefinition.load(DefinitionFiles.readJson(definitionFile), definitionFile);
    Replay.Report report = Replay.run(export, definition);
    if (report.agrees()) {
      out.println("agree: the replay gives the same " + report.recordedEvents() + " events");
      return 0;
    }
    out.println("diverge: " + report.divergence().describe());
    return 1;
  }

  static ExecutionExport readExport(String file) throws UsageException {
    try {
      return ExecutionExport.fromJson(DefinitionFiles.readJson(file));
    } catch (IllegalArgumentException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
  }
}
