package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.interpret.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A mock configuration in the format of AWS Step Functions Local ({@code StateMachines → TestCases
 * → state → mocked response name}, {@code MockedResponses → name → {"0": …, "1-2": …}}), so teams
 * moving off Step Functions Local keep their test files. One instance serves one test case.
 */
public final class MockConfig implements TaskHandler {
  private final Map<String, List<Range>> responsesByState;
  private final Map<String, Integer> invocations = new HashMap<>();

  private record Range(int from, int to, JsonNode response) {}

  private MockConfig(Map<String, List<Range>> responsesByState) {
    this.responsesByState = responsesByState;
  }

  /** True when the JSON looks like a Step Functions Local mock configuration. */
  public static boolean isMockConfig(JsonNode json) {
    return json != null && json.has("StateMachines") && json.has("MockedResponses");
  }

  /**
   * The handler for one test case. {@code stateMachine} may be null when the file names only one; a
   * bad name or a malformed file throws {@link IllegalArgumentException} naming what is wrong.
   */
  public static MockConfig forTestCase(JsonNode config, String stateMachine, String testCase) {
    JsonNode machines = config.path("StateMachines");
    if (stateMachine == null) {
      if (machines.size() != 1) {
        throw new IllegalArgumentException(
            "the mock configuration names " + machines.size() + " state machines: say which one");
      }
      stateMachine = machines.fieldNames().next();
    }
    JsonNode cases = machines.path(stateMachine).path("TestCases");
    if (cases.isMissingNode()) {
      throw new IllegalArgumentException(
          "the mock configuration has no state machine '" + stateMachine + "'");
    }
    if (testCase == null) {
      if (cases.size() != 1) {
        throw new IllegalArgumentException(
            "state machine '"
                + stateMachine
                + "' has "
                + cases.size()
                + " test cases: say which one");
      }
      testCase = cases.fieldNames().next();
    }
    JsonNode mapping = cases.get(testCase);
    if (mapping == null || !mapping.isObject()) {
      throw new IllegalArgumentException(
          "state machine '" + stateMachine + "' has no test case '" + testCase + "'");
    }
    Map<String, List<Range>> byState = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = mapping.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String responseName = e.getValue().asText();
      JsonNode response = config.path("MockedResponses").get(responseName);
      if (response == null || !response.isObject()) {
        throw new IllegalArgumentException(
            "test case '"
                + testCase
                + "' names the mocked response '"
                + responseName
                + "', which MockedResponses lacks");
      }
      byState.put(e.getKey(), ranges(responseName, response));
    }
    return new MockConfig(byState);
  }

  private static List<Range> ranges(String name, JsonNode response) {
    List<Range> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = response.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      try {
        int dash = key.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? key : key.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1));
        out.add(new Range(from, to, e.getValue()));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            "mocked response '"
                + name
                + "' has the key '"
                + key
                + "'; keys are invocation numbers like \"0\" or \"1-2\"");
      }
    }
    return out;
  }

  @Override
  public Outcome handle(Command.DispatchTask task) {
    List<Range> ranges = responsesByState.get(task.stateName());
    if (ranges == null) {
      throw new MockedTasks.MissingMockException(
          "the test case has no mocked response for Task state '" + task.stateName() + "'");
    }
    int n = invocations.merge(task.stateName(), 1, Integer::sum) - 1;
    for (Range r : ranges) {
      if (n >= r.from() && n <= r.to()) return MockedTasks.outcome(r.response());
    }
    throw new MockedTasks.MissingMockException(
        "the mocked response for Task state '"
            + task.stateName()
            + "' has nothing for invocation "
            + n);
  }
}
