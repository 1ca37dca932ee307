package io.stepwise.engine.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code stepwise bench DIR [--seconds N] [--json]}. */
final class BenchCommand {
  private BenchCommand() {}

  static int run(List<String> args, PrintStream out) throws UsageException {
    throw new UsageException("bench is not built yet");
  }
}
