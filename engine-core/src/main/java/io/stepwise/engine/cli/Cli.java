package io.stepwise.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's command line, behind {@code ./stepwise run|validate|conformance|bench}. Exit codes:
 * 0 success, 1 the execution or check failed, 2 bad usage or bad input.
 */
public final class Cli {
  private Cli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean verbose = rest.remove("--verbose");
    if (rest.isEmpty()) {
      err.println("usage: stepwise run|validate|conformance|bench ... (see README)");
      return 2;
    }
    String command = rest.removeFirst();
    try {
      return switch (command) {
        case "run" -> RunCommand.run(rest, out, err);
        case "validate" -> ValidateCommand.run(rest, out, err);
        case "conformance" -> ConformanceCommand.run(rest, out);
        case "bench" -> BenchCommand.run(rest, out);
        case "replay" -> ReplayCommand.run(rest, out);
        default ->
            throw new UsageException(
                "unknown command '" + command + "' (run, validate, conformance, bench)");
      };
    } catch (UsageException e) {
      err.println("stepwise: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("stepwise: " + e.getMessage());
      if (verbose) e.printStackTrace(err);
      return 2;
    }
  }

  static String value(List<String> args, int i, String option) throws UsageException {
    if (i >= args.size()) throw new UsageException(option + " needs a value");
    return args.get(i);
  }
}
