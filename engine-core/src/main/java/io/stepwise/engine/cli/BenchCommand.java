package io.stepwise.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.bench.Workload;
import io.stepwise.engine.bench.WorkloadRun;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code stepwise bench DIR [--seconds N] [--json]}: the quick benchmark. Runs each workload in
 * memory for N seconds (after a warm-up of the same length) on one thread and prints executions/s,
 * state transitions/s and state transitions per CPU-second of the process.
 */
final class BenchCommand {
  private BenchCommand() {}

  static int run(List<String> args, PrintStream out) throws UsageException, IOException {
    Path dir = null;
    double seconds = 5;
    boolean json = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--seconds" -> {
          String v = Cli.value(args, ++i, a);
          try {
            seconds = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--seconds needs a number, not " + v);
          }
        }
        case "--json" -> json = true;
        default -> {
          if (a.startsWith("--")) throw new UsageException("unknown option " + a + " for bench");
          dir = Path.of(a);
        }
      }
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException(
          "usage: stepwise bench DIR [--seconds N] [--json] (DIR holds workload files)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    boolean allOk = true;
    if (!json) {
      out.printf(
          "%-20s %12s %16s %20s %s%n",
          "workload", "exec/s", "transitions/s", "transitions/CPU-s", "output");
    }
    for (Path file : files) {
      Workload w = Workload.read(file);
      StateMachineDefinition definition = LoadedDefinition.load(w.definition(), file.toString());
      WorkloadRun.Figures f = new WorkloadRun(definition, w).measure(seconds);
      allOk &= f.outputOk();
      if (json) {
        ObjectNode line = Json.object();
        line.put("workload", w.name());
        line.put("executionsPerSecond", round(f.executionsPerSecond()));
        line.put("transitionsPerSecond", round(f.transitionsPerSecond()));
        line.put("transitionsPerCpuSecond", round(f.transitionsPerCpuSecond()));
        line.put("outputOk", f.outputOk());
        out.println(Json.write(line));
      } else {
        out.printf(
            "%-20s %12.0f %16.0f %20.0f %s%n",
            w.name(),
            f.executionsPerSecond(),
            f.transitionsPerSecond(),
            f.transitionsPerCpuSecond(),
            f.outputOk() ? "ok" : "WRONG");
      }
    }
    return allOk ? 0 : 1;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
