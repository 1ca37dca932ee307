package io.stepwise.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.conformance.CaseResult;
import io.stepwise.engine.conformance.CaseRunner;
import io.stepwise.engine.conformance.ConformanceCase;
import io.stepwise.engine.conformance.ConformanceSuite;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code stepwise conformance DIR... [--report FILE.json] [--category NAME]}. */
final class ConformanceCommand {
  private ConformanceCommand() {}

  static int run(List<String> args, PrintStream out) throws UsageException, IOException {
    List<Path> folders = new ArrayList<>();
    Path report = null;
    String category = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--report" -> report = Path.of(Cli.value(args, ++i, a));
        case "--category" -> category = Cli.value(args, ++i, a);
        default -> {
          if (a.startsWith("--"))
            throw new UsageException("unknown option " + a + " for conformance");
          Path p = Path.of(a);
          if (!Files.isDirectory(p)) throw new UsageException("no such folder: " + a);
          folders.add(p);
        }
      }
    }
    if (folders.isEmpty())
      throw new UsageException(
          "usage: stepwise conformance DIR... [--report FILE.json] [--category NAME]");
    List<CaseResult> results = new ArrayList<>();
    for (Path folder : folders) {
      for (ConformanceCase c : ConformanceSuite.load(folder)) {
        if (category != null && !category.equals(c.category())) continue;
        CaseResult r = CaseRunner.run(c);
        results.add(r);
        if (!r.passed()) out.println("FAIL " + r.id() + ": " + r.reason());
        else if (r.historyNotCompared() != null) {
          out.println("NOTE " + r.id() + ": history not compared: " + r.historyNotCompared());
        }
      }
    }
    long passed = results.stream().filter(CaseResult::passed).count();
    if (report != null) writeReport(report, results);
    long withoutHistory = results.stream().filter(r -> r.historyNotCompared() != null).count();
    out.println(
        passed
            + " passed, "
            + (results.size() - passed)
            + " failed"
            + (withoutHistory == 0
                ? ""
                : " (" + withoutHistory + " passed without their recorded history compared)"));
    return passed == results.size() ? 0 : 1;
  }

  private static void writeReport(Path file, List<CaseResult> results) throws IOException {
    ObjectNode root = Json.object();
    ArrayNode cases = root.putArray("cases");
    for (CaseResult r : results) {
      ObjectNode c = cases.addObject();
      c.put("path", r.id());
      c.put("category", r.category());
      c.put("passed", r.passed());
      if (r.reason() != null) c.put("reason", r.reason());
      if (r.historyNotCompared() != null) c.put("historyNotCompared", r.historyNotCompared());
    }
    Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }
}
