package io.stepwise.web.lineage;

import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which execution was run again as which, kept in the execution names: "run again" names the new
 * execution {@code <old name>--again<k>}. The link then lives where every node and every restart
 * sees it (the services' own data), needs no storage of the UI's, and survives in AWS-compatible
 * tools; it is read back with the services' name-prefix listing. Limits: a name is at most 80
 * characters, so an execution whose name leaves no room for the suffix is run again under a
 * generated name without a link; and an execution someone named {@code x--again1} by hand looks
 * like a re-run of {@code x}.
 */
@ApplicationScoped
public class Lineage {
  static final String MARK = "--again";
  private static final int MAX_NAME = 80;
  private static final Pattern AGAIN = Pattern.compile("^(.+)" + MARK + "(\\d+)$");

  private final ExecutionService executions;

  public Lineage(ExecutionService executions) {
    this.executions = executions;
  }

  /** The execution this one is a re-run of, if its name says so and it still exists. */
  public Optional<ExecutionSummary> runOf(ExecutionSummary execution) {
    Matcher m = AGAIN.matcher(execution.name());
    if (!m.matches()) return Optional.empty();
    String previous = m.group(1);
    return named(execution.stateMachineArn(), previous).stream()
        .filter(e -> e.name().equals(previous))
        .findFirst();
  }

  /** The re-runs of this execution, oldest first. */
  public List<ExecutionSummary> runsAgain(ExecutionSummary execution) {
    Pattern mine = Pattern.compile(Pattern.quote(execution.name() + MARK) + "\\d+");
    return named(execution.stateMachineArn(), execution.name() + MARK).stream()
        .filter(e -> mine.matcher(e.name()).matches())
        .sorted(Comparator.comparing(ExecutionSummary::startDate))
        .toList();
  }

  /** The name for the next re-run, or null when the old name leaves no room for the suffix. */
  public String nextName(ExecutionSummary execution) {
    int k = 1;
    for (ExecutionSummary e : runsAgain(execution)) {
      Matcher m = AGAIN.matcher(e.name());
      if (m.matches()) k = Math.max(k, Integer.parseInt(m.group(2)) + 1);
    }
    String name = execution.name() + MARK + k;
    return name.length() <= MAX_NAME ? name : null;
  }

  private List<ExecutionSummary> named(String stateMachineArn, String prefix) {
    List<ExecutionSummary> all = new ArrayList<>();
    String token = null;
    // Re-runs are few; a handful of pages bounds the work if a prefix matches many.
    for (int page = 0; page < 5; page++) {
      Page<ExecutionSummary> p =
          executions.list(
              new ExecutionQuery(stateMachineArn, null, prefix, null, null, 100, token));
      all.addAll(p.items());
      token = p.nextToken();
      if (token == null) break;
    }
    return all;
  }
}
